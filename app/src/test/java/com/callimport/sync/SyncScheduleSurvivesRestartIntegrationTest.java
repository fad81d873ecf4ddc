package com.callimport.sync;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.CallImportApplication;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.credentials.VaultKeyset;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jobrunr.jobs.RecurringJob;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A schedule is data in PostgreSQL, not state in a process: a restarted service keeps running it. */
class SyncScheduleSurvivesRestartIntegrationTest {

    private static ConfigurableApplicationContext service(Path data, String keyset, GongSimulator gong) {
        return SpringApplication.run(CallImportApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url("restart"),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--callimport.data-directory=" + data,
                "--callimport.vault.keyset=" + keyset,
                "--callimport.bootstrap-token=restart-test",
                "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                "--jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s");
    }

    private static int port(ConfigurableApplicationContext service) {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    @Test
    void hourlyAndDailySchedulesAreStillThereAndDueAfterARestart() throws Exception {
        Path data = Files.createTempDirectory("callimport-restart-");
        String keyset = VaultKeyset.generate();
        String hourly;
        String daily;
        String token;
        try (GongSimulator gong = GongSimulator.start()) {
            try (ConfigurableApplicationContext first = service(data, keyset, gong)) {
                ApiClient customer = ApiClient.at(port(first), "restart-test").newOrganization("Restart Co");
                token = customer.token();
                String credentials = json("platform", "gong", "credentials", GongCredentialsFixture.acceptedValues());
                hourly = customer.post("/api/connections", credentials).text("id");
                daily = customer.post("/api/connections", credentials).text("id");
                customer.put("/api/connections/" + hourly + "/sync", json("frequency", "HOURLY"));
                customer.put("/api/connections/" + daily + "/sync", json("frequency", "DAILY"));
            }

            try (ConfigurableApplicationContext restarted = service(data, keyset, gong)) {
                ApiClient customer = ApiClient.at(port(restarted), token);
                var jobs = restarted.getBean(StorageProvider.class).getRecurringJobs();
                RecurringJob hourlyJob = jobs.stream().filter(job -> job.getId().equals("sync-" + hourly)).findFirst().orElseThrow();
                RecurringJob dailyJob = jobs.stream().filter(job -> job.getId().equals("sync-" + daily)).findFirst().orElseThrow();
                assertThat(hourlyJob.getScheduleExpression()).isEqualTo(SyncFrequency.HOURLY.cron());
                assertThat(dailyJob.getScheduleExpression()).isEqualTo(SyncFrequency.DAILY.cron());
                assertThat(hourlyJob.getNextRun()).isAfter(Instant.now());
                assertThat(customer.get("/api/connections/" + hourly + "/sync").json().get("nextSyncAt").asString())
                        .isEqualTo(hourlyJob.getNextRun().toString());
                assertThat(customer.get("/api/connections/" + daily + "/sync").json().get("frequency").asString()).isEqualTo("DAILY");
            }
        }
    }
}
