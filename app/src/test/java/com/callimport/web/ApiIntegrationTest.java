package com.callimport.web;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@EngineIntegrationTest
class ApiIntegrationTest {
    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient acme;

    @BeforeEach
    void organizations() {
        admin = ApiClient.at(port, "test-bootstrap-token");
        acme = admin.newOrganization("Acme");
    }

    private ApiClient.Reply createGongConnection(ApiClient organization) {
        return organization.post("/api/connections", json("platform", "gong", "name", "Acme Gong",
                "credentials", Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK-1", "accessKeySecret", "very-secret")));
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        assertThat(ApiClient.at(port, null).get("/api/connections").status()).isEqualTo(401);
        ApiClient.Reply forged = ApiClient.at(port, "cie_forged").get("/api/connections");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).contains("not valid");
        assertThat(ApiClient.at(port, "wrong").post("/api/admin/organizations", json("name", "x")).status()).isEqualTo(401);
    }

    @Test
    void neverReturnsASecretCredential() {
        ApiClient.Reply created = createGongConnection(acme);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("very-secret").doesNotContain("AK-1").contains("https://us-1.api.gong.io");
        assertThat(acme.get("/api/connections").body()).doesNotContain("very-secret").doesNotContain("AK-1");
        assertThat(acme.get("/api/connections/" + created.text("id")).body()).doesNotContain("very-secret");
    }

    @Test
    void oneOrganizationCannotSeeOrTouchAnothersConnections() {
        String acmeConnection = createGongConnection(acme).text("id");
        ApiClient globex = admin.newOrganization("Globex");

        assertThat(globex.get("/api/connections").json()).isEmpty();
        assertThat(globex.get("/api/connections/" + acmeConnection).status()).isEqualTo(404);
        assertThat(globex.delete("/api/connections/" + acmeConnection).status()).isEqualTo(404);
        assertThat(globex.post("/api/connections/" + acmeConnection + "/test").status()).isEqualTo(404);
        assertThat(globex.post("/api/import-runs", json("connectionId", acmeConnection,
                "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z")).status()).isEqualTo(404);
        assertThat(acme.get("/api/connections/" + acmeConnection).status()).isEqualTo(200);
    }

    @Test
    void aMissingCredentialIsNamedWithWhereToFindIt() {
        ApiClient.Reply reply = acme.post("/api/connections", json("platform", "gong",
                "credentials", Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK-1")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("detail")).contains("credentials.accessKeySecret");
    }

    @Test
    void anUnknownPlatformIsA404ListingTheKnownOnes() {
        ApiClient.Reply reply = acme.post("/api/connections", json("platform", "chorus", "credentials", Map.of()));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.text("detail")).contains("chorus").contains("gong");
        assertThat(acme.get("/api/platforms/chorus").status()).isEqualTo(404);
    }

    @Test
    void badInputGetsA4xxThatSaysWhatToFixNeverA5xx() {
        String connection = createGongConnection(acme).text("id");

        ApiClient.Reply notJson = acme.post("/api/connections", "{platform: gong");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text("detail")).contains("JSON");

        ApiClient.Reply notAnId = acme.get("/api/connections/not-a-uuid");
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.text("detail")).startsWith("id: 'not-a-uuid' is not an id");

        ApiClient.Reply reversed = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.text("detail")).contains("swap");

        ApiClient.Reply future = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2999-01-01T00:00:00Z", "to", "2999-02-01T00:00:00Z"));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.text("detail")).contains("future");

        ApiClient.Reply missingWindow = acme.post("/api/import-runs", json("connectionId", connection));
        assertThat(missingWindow.status()).isEqualTo(400);
        assertThat(missingWindow.text("detail")).startsWith("from:");

        ApiClient.Reply badLimit = acme.get("/api/calls?connectionId=" + connection + "&limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.text("detail")).startsWith("limit:");

        assertThat(acme.get("/api/no-such-thing").status()).isEqualTo(404);
        assertThat(notJson.body()).doesNotContain("at com.").doesNotContain("Exception");
    }

    @Test
    void servesItsOpenApiDocument() {
        ApiClient.Reply document = ApiClient.at(port, null).get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("paths").has("/api/import-runs/{id}/pause")).isTrue();
    }
}
