package com.callimport.embeddedpostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on its embedded default, run as an operator runs it: started, killed with SIGKILL, restarted, stopped. */
class EmbeddedDefaultRestartIntegrationTest {
    private static final String BOOTSTRAP_TOKEN = "embedded-default-test";

    @TempDir
    Path data;

    @Test
    void restartsAtTheFirstAttemptAfterKillNineWithItsCommittedDataAndThenStopsWithinSecondsWithoutAnError() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "worker-logs"));
        String[] settings = {"--callimport.data-directory=" + data, "--callimport.bootstrap-token=" + BOOTSTRAP_TOKEN};
        ApiClient organization;

        try (WorkerProcess first = WorkerProcess.start("embedded-default-first", logs, Map.of(), settings)) {
            organization = ApiClient.at(first.port(), BOOTSTRAP_TOKEN).newOrganization("Committed Before The Kill");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("postgres-password"))))
                    .isEqualTo("rw-------");
            String url = "jdbc:postgresql://localhost:" + serverPort() + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close()).isInstanceOf(SQLException.class);
            first.killHard();
        }

        // WorkerProcess.start fails unless /actuator/health answers UP before the process gives up
        try (WorkerProcess restarted = WorkerProcess.start("embedded-default-restarted", logs, Map.of(), settings)) {
            ApiClient sameOrganization = ApiClient.at(restarted.port(), organization.token());
            assertThat(sameOrganization.get("/api/connections").status()).isEqualTo(200);

            assertThat(restarted.stop(Duration.ofSeconds(10))).as("stopped within 10 s of SIGTERM").isTrue();
            List<String> log = Files.readAllLines(restarted.log());
            assertThat(log).noneMatch(line -> line.contains(" ERROR ") || line.startsWith("\tat "));
        }
    }

    private int serverPort() throws Exception {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).strip());
    }
}
