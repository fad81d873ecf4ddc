package com.callimport.sync;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Gong Engage as a dialer: its sync brings Gong's dialer calls only, and a call a Gong import brought is not brought again. */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=gongengage")
class GongEngageSyncIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();

    @DynamicPropertySource
    static void gong(DynamicPropertyRegistry registry) {
        // both platforms reach the same Gong through the operator's override of each
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.platforms.gong-engage.base-url", () -> GONG.baseUrl().toString());
    }

    @LocalServerPort
    int port;

    @Test
    void aGongEngageSyncImportsOnlyDialerCallsAndNeverDoublesOnesAGongImportBroughtIn() {
        Instant now = Instant.now();
        DateWindow lastTwoDays = new DateWindow(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
        GONG.reset();
        GONG.useDialerShare(0.5);
        GONG.seed(20, lastTwoDays, CallMix.COMPLETE, 21);
        int dialerCalls = GONG.dialerCallIds().size();
        ApiClient customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Engage Co");
        String gong = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");
        String engage = customer.post("/api/connections", json("platform", "gong-engage", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");

        String historical = customer.post("/api/import-runs", json("connectionId", gong,
                "from", lastTwoDays.from().toString(), "to", lastTwoDays.to().toString())).text("id");
        JsonNode imported = awaitRun(customer, historical);
        assertThat(imported.get("counts").get("imported").asLong()).as(imported.toString()).isEqualTo(20);

        // turning sync on reads the recent history at once, as a first pass
        ApiClient.Reply turnedOn = customer.put("/api/connections/" + engage + "/sync", json("frequency", "HOURLY", "historyDays", 3));
        assertThat(turnedOn.status()).as(turnedOn.body()).isEqualTo(200);
        JsonNode pass = Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs?connectionId=" + engage).json(),
                runs -> runs.size() > 0 && !runs.get(0).get("state").asString().matches("QUEUED|RUNNING"),
                "the first Gong Engage pass to end").get(0);

        assertThat(pass.get("state").asString()).as(pass.toString()).isEqualTo("SUCCEEDED");
        assertThat(pass.get("counts").get("imported").asLong()).as("nothing new: Gong brought them all").isZero();
        assertThat(pass.get("counts").get("unchanged").asLong()).as("the dialer calls, recognised").isEqualTo(dialerCalls);
        assertThat(pass.get("counts").get("skipped").asLong()).as("the meetings").isEqualTo(20 - dialerCalls);
        java.util.List<String> stored = new java.util.ArrayList<>();
        for (String connection : java.util.List.of(gong, engage)) {
            customer.get("/api/calls?connectionId=" + connection + "&limit=500").json()
                    .forEach(call -> stored.add(call.get("vendorCallId").asString()));
        }
        assertThat(stored).as("one call each for the organization, whichever connection wrote it last").hasSize(20)
                .doesNotHaveDuplicates();
    }

    private static JsonNode awaitRun(ApiClient customer, String runId) {
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the run to end");
    }
}
