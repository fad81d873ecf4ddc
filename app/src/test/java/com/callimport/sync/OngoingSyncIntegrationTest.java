package com.callimport.sync;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@EngineIntegrationTest
// its own database: its sync jobs need the Gong override only this context has
@TestPropertySource(properties = "callimport.test.database=ongoingsync")
class OngoingSyncIntegrationTest {
    // one simulator for the class: the operator's override is fixed for the life of the service
    private static final GongSimulator GONG = GongSimulator.start();

    @DynamicPropertySource
    static void operatorOverride(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    StorageProvider jobStorage;

    ApiClient customer;
    String connection;
    Instant now;

    @BeforeEach
    void connect() {
        now = Instant.now();
        GONG.reset();
        GONG.seed(90, new DateWindow(now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(2))), CallMix.TYPICAL, 5);
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Dialer Co");
        connection = customer.post("/api/connections", json("platform", "gong", "credentials",
                GongCredentialsFixture.acceptedValues())).text("id");
    }

    private JsonNode turnOn(String settings) {
        ApiClient.Reply reply = customer.put("/api/connections/" + connection + "/sync", settings);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode awaitIdle() {
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs?connectionId=" + connection).json(),
                runs -> runs.size() > 0 && !runs.get(0).get("state").asString().matches("QUEUED|RUNNING"),
                "the connection's latest run to end").get(0);
    }

    private Set<String> storedCallIds() {
        Set<String> ids = new HashSet<>();
        customer.get("/api/calls?connectionId=" + connection + "&limit=500").json()
                .forEach(call -> ids.add(call.get("vendorCallId").asString()));
        return ids;
    }

    @Test
    void setUpImportsTheRecentHistoryAndSchedulesHourlyPasses() {
        JsonNode status = turnOn(json("frequency", "HOURLY", "historyDays", 3));

        assertThat(status.get("frequency").asString()).isEqualTo("HOURLY");
        JsonNode history = awaitIdle();
        assertThat(history.get("kind").asString()).isEqualTo("BACKFILL");
        assertThat(history.get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode after = customer.get("/api/connections/" + connection + "/sync").json();
        assertThat(after.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(after.get("callsTotal").asLong()).isEqualTo(GONG.eligibleCallIds(false).size());
        assertThat(Instant.parse(after.get("lastSuccessAt").asString())).isAfter(now);
        Instant next = Instant.parse(after.get("nextSyncAt").asString());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(1)));
        assertThat(next.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(7))).isEqualTo(next);
        assertThat(jobStorage.getRecurringJobs()).anySatisfy(job ->
                assertThat(job.getId()).isEqualTo("sync-" + connection));
    }

    @Test
    void aPassPicksUpNewCallsAndARecordingThatAppearedLaterWithoutDuplicating() {
        turnOn(json("frequency", "DAILY", "historyDays", 3));
        awaitIdle();
        SeededCall withoutRecording = GONG.addCalls(1, new DateWindow(now.minus(Duration.ofMinutes(90)), now.minus(Duration.ofMinutes(89))),
                new CallMix(0, 1, 0), 77).getFirst();
        assertThat(withoutRecording.hasRecording()).isFalse();
        ApiClient.Reply first = customer.post("/api/connections/" + connection + "/sync/now");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        JsonNode firstPass = awaitIdle();
        assertThat(firstPass.get("kind").asString()).isEqualTo("SYNC");
        assertThat(firstPass.get("counts").get("imported").asLong()).isEqualTo(1);
        assertThat(storedCallIds()).contains(withoutRecording.vendorCallId());

        GONG.attachRecording(withoutRecording.vendorCallId());
        var newCalls = GONG.addCalls(5, new DateWindow(now.minus(Duration.ofMinutes(60)), now.minus(Duration.ofMinutes(30))),
                CallMix.COMPLETE, 78);
        customer.post("/api/connections/" + connection + "/sync/now");
        JsonNode secondPass = awaitIdle();

        assertThat(secondPass.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(secondPass.get("counts").get("imported").asLong()).isEqualTo(5);
        assertThat(secondPass.get("counts").get("updated").asLong()).isEqualTo(1);
        Set<String> stored = storedCallIds();
        assertThat(stored).hasSize(GONG.eligibleCallIds(false).size()).containsAll(GONG.eligibleCallIds(false));
        newCalls.forEach(call -> assertThat(stored).contains(call.vendorCallId()));
        JsonNode call = customer.get("/api/calls?connectionId=" + connection + "&limit=500").json();
        boolean recordingStored = false;
        for (JsonNode each : call) {
            if (each.get("vendorCallId").asString().equals(withoutRecording.vendorCallId())) {
                recordingStored = each.has("recording");
            }
        }
        assertThat(recordingStored).as("the recording that appeared after the first pass").isTrue();
        JsonNode status = customer.get("/api/connections/" + connection + "/sync").json();
        assertThat(status.get("callsLastSync").asLong()).isEqualTo(6);
    }

    @Test
    void refusedCredentialsShowAsNeedsReauthenticationWithWhatToDo() {
        turnOn(json("frequency", "HOURLY"));
        GONG.rejectCredentials(true);

        customer.post("/api/connections/" + connection + "/sync/now");

        JsonNode status = Await.until(Duration.ofSeconds(60), () -> customer.get("/api/connections/" + connection + "/sync").json(),
                current -> !current.get("state").asString().equals("ACTIVE"), "the sync to notice");
        assertThat(status.get("state").asString()).isEqualTo("NEEDS_REAUTHENTICATION");
        assertThat(status.get("remediation").asString()).contains("access key");
    }

    @Test
    void nearRealTimeIsRefusedForAPlatformThatDoesNotNotifyAndNonsenseIsNamed() {
        ApiClient.Reply nearRealTime = customer.put("/api/connections/" + connection + "/sync", json("frequency", "NEAR_REAL_TIME"));
        assertThat(nearRealTime.status()).isEqualTo(400);
        assertThat(nearRealTime.text("detail")).contains("does not notify us of new calls").contains("HOURLY");
        assertThat(customer.put("/api/connections/" + connection + "/sync", json("frequency", "weekly")).text("detail"))
                .contains("'weekly' is not one of NEAR_REAL_TIME, HOURLY, DAILY");
        assertThat(customer.get("/api/connections/" + connection + "/sync").status()).isEqualTo(400);
    }

    @Test
    void stoppingRemovesTheRecurringJob() {
        turnOn(json("frequency", "HOURLY"));

        assertThat(customer.delete("/api/connections/" + connection + "/sync").status()).isEqualTo(204);

        assertThat(jobStorage.getRecurringJobs()).noneSatisfy(job -> assertThat(job.getId()).isEqualTo("sync-" + connection));
    }
}
