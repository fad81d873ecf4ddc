package com.callimport.sandbox;

import static com.callimport.testfixtures.ApiClient.json;

import com.callimport.CallImportApplication;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.SpringApplication;

/**
 * Starts a simulated Gong account with a month of calls, the service on its embedded default, and a
 * ready organization and connection, then prints what to type to import. Usage:
 * {@code GongSandbox [calls] [port]}.
 */
public final class GongSandbox {
    private static final String ADMIN_TOKEN = "sandbox-admin";

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        DateWindow lastMonth = new DateWindow(today.minus(Duration.ofDays(30)), today);

        GongSimulator gong = GongSimulator.start();
        gong.seed(calls, lastMonth, CallMix.TYPICAL, 1);
        Path data = Files.createTempDirectory("callimport-sandbox-");
        SpringApplication.run(CallImportApplication.class,
                "--server.port=" + port,
                "--callimport.data-directory=" + data,
                "--callimport.bootstrap-token=" + ADMIN_TOKEN,
                // the operator's override: a customer's Gong address must be Gong's, so only this reaches the simulator
                "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                "--logging.level.com.callimport=WARN");

        JsonReply organization = new JsonReply(ApiClient.at(port, ADMIN_TOKEN).post("/api/admin/organizations",
                json("name", "Sandbox Co")));
        String token = organization.text("apiToken");
        String connection = ApiClient.at(port, token).post("/api/connections", json("platform", "gong", "name", "Simulated Gong",
                "credentials", GongCredentialsFixture.acceptedValues())).text("id");

        String base = "http://localhost:" + port;
        System.out.printf("""

                Sandbox ready: a simulated Gong account with %d calls between %s and %s.
                  service        %s   (data in %s, discarded when you stop)
                  simulated Gong %s   (callimport.platforms.gong.base-url; the connection's baseUrl is %s)
                  API token      %s
                  connection     %s

                Try:
                  export TOKEN=%s
                  curl -s -H "Authorization: Bearer $TOKEN" -X POST %s/api/connections/%s/test
                  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X POST %s/api/connections/%s/preview \\
                       -d '{"from":"%s","to":"%s"}'
                  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X POST %s/api/import-runs \\
                       -d '{"connectionId":"%s","from":"%s","to":"%s"}'
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/import-runs            (state, counts, percent, ETA)
                  curl -s -H "Authorization: Bearer $TOKEN" "%s/api/calls?connectionId=%s&limit=5"
                API reference: %s/v3/api-docs      Stop with Ctrl-C.
                """, calls, lastMonth.from(), lastMonth.to(), base, data, gong.baseUrl(), GongCredentialsFixture.CUSTOMER_BASE_URL, token, connection,
                token, base, connection, base, connection, lastMonth.from(), lastMonth.to(),
                base, connection, lastMonth.from(), lastMonth.to(), base, base, connection, base);
        Thread.currentThread().join();
    }

    private record JsonReply(ApiClient.Reply reply) {
        String text(String field) {
            if (reply.status() >= 300) {
                throw new IllegalStateException("the sandbox could not set itself up: " + reply);
            }
            return reply.text(field);
        }
    }
}
