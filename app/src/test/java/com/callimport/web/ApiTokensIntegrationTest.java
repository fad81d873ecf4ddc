package com.callimport.web;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** API tokens with a lifecycle, and organizations an operator can disable and delete. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=tokens")
class ApiTokensIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-02T00:00:00Z"));

    @DynamicPropertySource
    static void gong(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @Value("${callimport.data-directory}")
    Path dataDirectory;

    ApiClient operator;
    ApiClient acme;

    @BeforeEach
    void organization() {
        operator = ApiClient.at(port, "test-bootstrap-token");
        acme = operator.newOrganization("Acme Tokens");
    }

    @Test
    void anOrganizationHoldsSeveralNamedTokensListedWithoutTheirValues() {
        ApiClient.Reply issued = acme.post("/api/tokens", json("name", "CRM sync"));

        assertThat(issued.status()).isEqualTo(201);
        String value = issued.text("token");
        assertThat(value).startsWith("cie_");
        ApiClient crm = acme.withToken(value);
        assertThat(crm.get("/api/connections").status()).isEqualTo(200);
        JsonNode listed = acme.get("/api/tokens").json();
        assertThat(listed.valueStream().map(token -> token.get("name").asString())).containsExactly("initial", "CRM sync");
        assertThat(listed.toString()).doesNotContain(value).doesNotContain(acme.token());
        assertThat(listed.get(1).get("lastUsedAt")).as("used once by the listing above").isNotNull();
        assertThat(listed.get(1).get("createdAt")).isNotNull();
    }

    @Test
    void aRevokedTokenIsRefusedFromTheNextRequestOn() {
        ApiClient.Reply issued = acme.post("/api/tokens", json("name", "laptop script"));
        ApiClient script = acme.withToken(issued.text("token"));
        assertThat(script.get("/api/connections").status()).isEqualTo(200);

        assertThat(acme.delete("/api/tokens/" + issued.json().get("apiToken").get("id").asString()).status()).isEqualTo(200);

        ApiClient.Reply refused = script.get("/api/connections");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("detail")).contains("laptop script").contains("revoked");
        assertThat(acme.get("/api/connections").status()).as("the other tokens still work").isEqualTo(200);
    }

    @Test
    void rotationKeepsTheOldTokenWorkingForTheOverlapThenOnlyTheNewOne() {
        String initial = acme.get("/api/tokens").json().get(0).get("id").asString();

        ApiClient.Reply rotated = acme.post("/api/tokens/" + initial + "/rotate", json("overlap", "PT1H"));

        assertThat(rotated.status()).isEqualTo(201);
        ApiClient replacement = acme.withToken(rotated.text("token"));
        assertThat(replacement.get("/api/connections").status()).isEqualTo(200);
        assertThat(acme.get("/api/connections").status()).as("the old token within the overlap").isEqualTo(200);
        JsonNode old = replacement.get("/api/tokens/" + initial).json();
        assertThat(Instant.parse(old.get("expiresAt").asString())).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        String replacementId = rotated.json().get("apiToken").get("id").asString();
        ApiClient.Reply atOnce = replacement.post("/api/tokens/" + replacementId + "/rotate", json("overlap", "PT0S"));
        assertThat(replacement.get("/api/connections").status()).as("rotated with no overlap").isEqualTo(401);
        assertThat(replacement.withToken(atOnce.text("token")).get("/api/connections").status()).isEqualTo(200);
    }

    @Test
    void aTokenWithAnExpiryStopsWorkingThen() {
        ApiClient.Reply pastExpiry = acme.post("/api/tokens", json("name", "old", "expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(pastExpiry.status()).isEqualTo(400);
        assertThat(pastExpiry.text("detail")).contains("expiresAt");

        ApiClient.Reply issued = acme.post("/api/tokens", json("name", "one day", "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertThat(issued.status()).isEqualTo(201);
        assertThat(acme.withToken(issued.text("token")).get("/api/connections").status()).isEqualTo(200);
    }

    @Test
    void aTokenNeedsAShortPlainName() {
        assertThat(acme.post("/api/tokens", json("name", "")).text("detail")).contains("name");
        assertThat(acme.post("/api/tokens", json("name", "x".repeat(201))).text("detail")).contains("200 characters");
        assertThat(acme.post("/api/tokens", json("name", "a\u0000b")).status()).isEqualTo(400);
    }

    @Test
    void aDisabledOrganizationsTokensAreRefusedUntilItIsEnabledAgain() {
        String id = organizationId(acme);

        assertThat(operator.post("/api/admin/organizations/" + id + "/disable").json().get("disabled").asBoolean()).isTrue();
        ApiClient.Reply refused = acme.get("/api/connections");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("detail")).contains("disabled");

        operator.post("/api/admin/organizations/" + id + "/enable");
        assertThat(acme.get("/api/connections").status()).isEqualTo(200);
    }

    @Test
    void deletingAnOrganizationRemovesItsConnectionsCallsAndRecordings() throws Exception {
        GONG.seed(4, WINDOW, CallMix.TYPICAL, 31);
        String connection = acme.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                "baseUrl", "https://acme.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
        String run = acme.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
        Await.until(Duration.ofSeconds(60), () -> acme.get("/api/import-runs/" + run).json(),
                current -> current.get("state").asString().equals("SUCCEEDED"), "the import to succeed");
        long recordingsBefore = recordingFiles();
        assertThat(recordingsBefore).as("recordings stored").isPositive();
        String id = organizationId(acme);

        ApiClient.Reply deleted = operator.delete("/api/admin/organizations/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("connections").asInt()).isEqualTo(1);
        int removed = deleted.json().get("recordings").asInt();
        assertThat(removed).isPositive();
        assertThat(recordingFiles()).isEqualTo(recordingsBefore - removed);
        assertThat(acme.get("/api/connections").status()).isEqualTo(401);
        assertThat(operator.get("/api/admin/organizations/" + id).status()).isEqualTo(404);
    }

    private String organizationId(ApiClient organization) {
        return operator.get("/api/admin/organizations").json().valueStream()
                .filter(candidate -> candidate.get("name").asString().equals("Acme Tokens"))
                .reduce((first, second) -> second).orElseThrow().get("id").asString();
    }

    private long recordingFiles() throws java.io.IOException {
        Path recordings = dataDirectory.resolve("recordings");
        if (!Files.exists(recordings)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(recordings)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
