package com.callimport.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each rule against real PostgreSQL, a real SMTP server (GreenMail) and a local HTTP receiver standing for the operator's
 * Slack and signed webhooks: fires once, reaches every channel with a valid signature, is not sent twice by two
 * instances evaluating at once, reminds at most daily and resolves when its cause clears.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=alerts", "callimport.alerts.stall-after=30m",
        "callimport.alerts.expiry-warning=48h"})
class AlertsIntegrationTest {
    // a Wednesday noon: the last settled day is a Tuesday, its usual days the ten weekdays before it
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-11-18T12:00:00Z"));
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("alerts-test-signing-key-32-bytes".getBytes());
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final List<Received> SLACK = new CopyOnWriteArrayList<>();
    private static final List<Received> WEBHOOK = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER = receiver();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    static {
        SMTP.start();
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            for (var target : Map.of("/slack", SLACK, "/webhook", WEBHOOK).entrySet()) {
                server.createContext(target.getKey(), exchange -> {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Map<String, String> headers = new java.util.HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
                    target.getValue().add(new Received(headers, body));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
            }
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("callimport.web.public-url", () -> "https://calls.example.com");
        registry.add("callimport.alerts.slack-webhook-url", () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/slack");
        registry.add("callimport.alerts.webhook-url", () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/webhook");
        registry.add("callimport.alerts.webhook-secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        RECEIVER.stop(0);
    }

    @Autowired
    Alerts alerts;
    @Autowired
    AlertRules rules;
    @Autowired
    AlertNotices notices;
    @Autowired
    AlertProperties properties;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Organizations organizations;
    @Autowired
    People people;
    @Autowired
    Connections connections;

    OrganizationId organization;
    UUID connection;
    String admin;
    String csm;

    @BeforeEach
    void anOrganizationWithAnAdminACsmAndADialer() {
        CLOCK.set(Instant.parse("2026-11-18T12:00:00Z"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Organization acme = organizations.register("Acme Alerts " + suffix, null);
        organization = acme.id();
        admin = "admin-" + suffix + "@acme-alerts.example";
        people.add(organization, admin, "a long enough password", Role.ADMIN);
        Organization us = organizations.register("Call Import Staff " + suffix, null);
        csm = "csm-" + suffix + "@call-import.example";
        Person staff = people.add(us.id(), csm, "a long enough password", Role.OWNER);
        people.setStaff(staff.id(), true);
        people.assignCsm(organization, Optional.of(staff.id()));
        connection = connections.create(organization, new Connections.NewConnection("ringcentral", "Acme RingCentral " + suffix,
                Map.of("jwt", "eyJhbGciOiJSUzI1NiJ9.alerts.test"), Map.of())).id();
        // nothing from the rest of the database stands in this organization's way
        evaluateAsTwoInstances();
    }

    @Test
    void rejectedCredentialsAlertOnceEverywhereWithTheReconnectLinkRemindDailyAndResolve() throws Exception {
        connections.recordHealth(organization, connection, ConnectionStatus.NEEDS_ATTENTION,
                "RingCentral refused the refresh token (invalid_grant); sign in again");

        Received opened = firesOnce(AlertCause.CREDENTIALS_REJECTED);
        assertThat(opened.json().at("/data/fixUrl").asString())
                .isEqualTo("https://calls.example.com/connections/" + connection + "/sign-in?then=dialers");
        assertThat(opened.json().at("/data/detail").asString()).contains("RingCentral no longer accepts our access");
        MimeMessage email = emailsTo(admin).getFirst();
        assertThat(email.getSubject()).contains("Needs re-authentication");
        assertThat(plainText(email)).contains("https://calls.example.com/connections/" + connection + "/sign-in?then=dialers");
        assertThat(slackAbout(connection)).hasSize(1);
        assertThat(slackAbout(connection).getFirst().json().get("text").asString()).contains("Needs re-authentication")
                .contains("|Fix it>");

        CLOCK.advance(Duration.ofHours(12));
        evaluateAsTwoInstances();
        assertThat(webhooksAbout(connection)).as("no reminder within a day").hasSize(1);
        CLOCK.advance(Duration.ofHours(13));
        evaluateAsTwoInstances();
        evaluateAsTwoInstances();
        assertThat(webhooksAbout(connection)).extracting(received -> received.json().get("type").asString())
                .containsExactly("alert.opened", "alert.reminder");
        assertThat(emailsTo(admin)).hasSize(2);

        connections.recordHealth(organization, connection, ConnectionStatus.ACTIVE, null);
        resolvesOnce(AlertCause.CREDENTIALS_REJECTED);
    }

    @Test
    void aGrantCloseToItsEndAlertsBeforeItExpiresAndResolvesOnceRenewed() throws Exception {
        Instant expires = CLOCK.instant().plus(Duration.ofDays(5));
        connections.recordGrantExpiry(organization, connection, expires);
        assertThat(evaluateAsTwoInstances()).as("five days ahead is not yet close").isEmpty();

        CLOCK.advance(Duration.ofDays(3).plusHours(1));
        Received opened = firesOnce(AlertCause.CREDENTIALS_EXPIRING);

        assertThat(CLOCK.instant()).as("the alert came ahead of the expiry").isBefore(expires);
        assertThat(opened.json().at("/data/detail").asString()).contains("expires on").contains("Reconnect now");
        assertThat(opened.json().at("/data/fixUrl").asString()).endsWith("/connections/" + connection + "/sign-in?then=dialers");

        connections.recordGrantExpiry(organization, connection, CLOCK.instant().plus(Duration.ofDays(7)));
        resolvesOnce(AlertCause.CREDENTIALS_EXPIRING);
    }

    @Test
    void aFailedSyncAlertsAndResolvesWhenALaterPassSucceeds() throws Exception {
        schedule(Duration.ofDays(30));
        UUID failed = run("FAILED", "SYNC", Duration.ofHours(2), "RingCentral answered 500 on every retry");

        Received opened = firesOnce(AlertCause.SYNC_FAILED);
        assertThat(opened.json().at("/data/detail").asString()).contains("The last sync failed: RingCentral answered 500");
        assertThat(opened.json().at("/data/fixUrl").asString()).isEqualTo("https://calls.example.com/settings/integrations/dialer");
        assertThat(failed).isNotNull();

        run("SUCCEEDED", "SYNC", Duration.ofHours(1), null);
        resolvesOnce(AlertCause.SYNC_FAILED);
    }

    @Test
    void aRunWithoutProgressForTheStallTimeAlertsAndResolvesWhenItMovesAgain() throws Exception {
        UUID running = run("RUNNING", "BACKFILL", Duration.ofMinutes(45), null);
        jdbc.sql("UPDATE import_runs SET running_since = ?, started_at = ? WHERE id = ?")
                .params(at(CLOCK.instant().minus(Duration.ofMinutes(45))), at(CLOCK.instant().minus(Duration.ofMinutes(45))), running)
                .update();

        Received opened = firesOnce(AlertCause.RUN_STALLED);
        assertThat(opened.json().at("/data/detail").asString()).contains("no progress since").contains("30 minutes");
        assertThat(opened.json().at("/data/fixUrl").asString()).endsWith("/imports/" + running);

        jdbc.sql("UPDATE import_runs SET running_since = ? WHERE id = ?").params(at(CLOCK.instant()), running).update();
        resolvesOnce(AlertCause.RUN_STALLED);
    }

    @Test
    void aWeekdayWithoutCallsWhereThereAreUsuallyDozensAlertsAndResolvesWhenTheyArrive() throws Exception {
        schedule(Duration.ofDays(30));
        usualWeekdays(24);

        Received opened = firesOnce(AlertCause.VOLUME_DROP);
        assertThat(opened.json().at("/data/detail").asString())
                .contains("0 calls came over from RingCentral on Tuesday 17 November, where a weekday usually has 24");

        calls(Instant.parse("2026-11-17T09:00:00Z"), 22); // the late sync brings the Tuesday in
        resolvesOnce(AlertCause.VOLUME_DROP);
    }

    @Test
    void aSuddenSurgeAlertsAndResolvesOnceTheDayIsUsualAgain() throws Exception {
        schedule(Duration.ofDays(30));
        usualWeekdays(20);
        calls(Instant.parse("2026-11-17T09:00:00Z"), 90);

        Received opened = firesOnce(AlertCause.VOLUME_SURGE);
        assertThat(opened.json().at("/data/detail").asString()).contains("90 calls came over").contains("usually has 20");

        CLOCK.advance(Duration.ofDays(1)); // Wednesday is judged next, and it has its usual calls
        calls(Instant.parse("2026-11-18T09:00:00Z"), 20);
        resolvesOnce(AlertCause.VOLUME_SURGE);
    }

    @Test
    void aSpikeOfFailedCallsAlertsAndResolvesOnceTheyAgeOut() throws Exception {
        UUID run = run("SUCCEEDED", "SYNC", Duration.ofHours(3), null);
        for (int call = 0; call < 8; call++) {
            jdbc.sql("INSERT INTO import_exclusions (run_id, vendor_call_id, kind, reason, recorded_at) VALUES (?, ?, 'FAILED', ?, ?)")
                    .params(run, "failed-" + call, "the recording could not be read", at(CLOCK.instant().minus(Duration.ofHours(2))))
                    .update();
        }

        Received opened = firesOnce(AlertCause.FAILED_CALLS_SPIKE);
        assertThat(opened.json().at("/data/detail").asString()).startsWith("8 calls failed to import in the last 24 hours");
        assertThat(opened.json().at("/data/fixUrl").asString()).endsWith("/imports/" + run);

        CLOCK.advance(Duration.ofHours(23));
        resolvesOnce(AlertCause.FAILED_CALLS_SPIKE);
    }

    @Test
    void aWindowWhoseVendorCountIsNotAccountedForAlertsAndResolvesWhenImportedAgain() throws Exception {
        UUID gap = run("SUCCEEDED", "BACKFILL", Duration.ofHours(2), null);
        jdbc.sql("UPDATE import_runs SET expected_calls = 10, imported_calls = 7, skipped_calls = 1 WHERE id = ?").param(gap).update();

        Received opened = firesOnce(AlertCause.COMPLETENESS_GAP);
        assertThat(opened.json().at("/data/detail").asString()).contains("counted 10 calls; 7 came over and 1 were left out with a reason, so 2 are unaccounted for");

        UUID again = run("SUCCEEDED", "BACKFILL", Duration.ofHours(1), null);
        jdbc.sql("UPDATE import_runs SET expected_calls = 10, imported_calls = 2, unchanged_calls = 7, skipped_calls = 1 WHERE id = ?")
                .param(again).update();
        resolvesOnce(AlertCause.COMPLETENESS_GAP);
    }

    @Test
    void theSignatureFollowsStandardWebhooksAndAWrongSecretDoesNotVerify() throws Exception {
        connections.recordHealth(organization, connection, ConnectionStatus.NEEDS_ATTENTION, "refused");
        Received opened = firesOnce(AlertCause.CREDENTIALS_REJECTED);

        assertThat(verifies(opened, "whsec_" + Base64.getEncoder().encodeToString("another-key".getBytes()))).isFalse();
        assertThat(Math.abs(Long.parseLong(opened.headers().get("webhook-timestamp")) - CLOCK.instant().getEpochSecond())).isZero();
        assertThat(opened.body()).doesNotContain("alerts-test-signing-key");
    }

    // ---- the checks every rule goes through

    /** The cause is present: two instances evaluate at once, and exactly one notice reaches each channel. */
    private Received firesOnce(AlertCause cause) throws Exception {
        int emailsBefore = emailsTo(admin).size();
        List<Alerts.Evaluation> evaluations = evaluateAsTwoInstances();
        assertThat(evaluations.stream().mapToInt(Alerts.Evaluation::opened).sum()).as("opened by one instance only").isPositive();
        evaluateAsTwoInstances();

        List<Received> hooks = webhooksAbout(connection);
        assertThat(hooks).as("one signed webhook for the connection").hasSize(1);
        Received opened = hooks.getFirst();
        assertThat(opened.json().get("type").asString()).isEqualTo("alert.opened");
        assertThat(opened.json().at("/data/cause").asString()).isEqualTo(cause.name());
        assertThat(opened.json().at("/data/connectionId").asString()).isEqualTo(connection.toString());
        assertThat(verifies(opened, SECRET)).as("a valid Standard Webhooks signature").isTrue();
        assertThat(slackAbout(connection)).as("one Slack message").hasSize(1);
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(emailsTo(admin)).as("one email to the admin").hasSize(emailsBefore + 1);
        assertThat(emailsTo(csm)).as("one email to the assigned CSM").hasSize(emailsBefore + 1);
        assertThat(emailsTo(admin).getLast().getSubject()).contains(cause.title());
        assertThat(openAlerts()).extracting(Alert::cause).containsExactly(cause);
        return opened;
    }

    /** The cause cleared: the alert resolves and its one resolved notice goes out, whichever instance evaluates. */
    private void resolvesOnce(AlertCause cause) throws Exception {
        int before = webhooksAbout(connection).size();
        evaluateAsTwoInstances();
        evaluateAsTwoInstances();
        List<Received> after = webhooksAbout(connection);
        assertThat(after).hasSize(before + 1);
        assertThat(after.getLast().json().get("type").asString()).isEqualTo("alert.resolved");
        assertThat(after.getLast().json().at("/data/cause").asString()).isEqualTo(cause.name());
        assertThat(openAlerts()).isEmpty();
        assertThat(emailsTo(admin).getLast().getSubject()).startsWith("Resolved");
    }

    /** Two evaluators (two instances' worth) on the same database, started together. */
    private List<Alerts.Evaluation> evaluateAsTwoInstances() {
        Alerts other = new Alerts(jdbc, transaction, rules, notices, properties, CLOCK);
        CyclicBarrier together = new CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Alerts.Evaluation>> both = List.of(alerts, other).stream()
                    .map(evaluator -> CompletableFuture.supplyAsync(() -> {
                        try {
                            together.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return evaluator.evaluate();
                    }, pool)).toList();
            return both.stream().map(CompletableFuture::join).filter(evaluation -> !evaluation.skipped()
                    && (evaluation.opened() + evaluation.reminded() + evaluation.resolved()) > 0).toList();
        } finally {
            pool.shutdown();
        }
    }

    private List<Alert> openAlerts() {
        return alerts.of(organization, 50).stream().filter(Alert::open).toList();
    }

    private static boolean verifies(Received received, String secret) throws GeneralSecurityException {
        // the receiver's side of the scheme, written from its specification rather than with the sender's code
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = received.headers().get("webhook-id") + "." + received.headers().get("webhook-timestamp") + "." + received.body();
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return Arrays.stream(received.headers().get("webhook-signature").split(" "))
                .anyMatch(signature -> signature.equals("v1," + expected));
    }

    /** The email's plain-text part, decoded. */
    private static String plainText(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int index = 0; index < multipart.getCount(); index++) {
                String text = plainText(multipart.getBodyPart(index));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static List<Received> webhooksAbout(UUID connection) {
        return WEBHOOK.stream().filter(received -> received.json().at("/data/connectionId").asString().equals(connection.toString())).toList();
    }

    private List<Received> slackAbout(UUID connection) {
        String name = connections.get(organization, connection).name();
        return SLACK.stream().filter(received -> received.body().contains(name)).toList();
    }

    private static List<MimeMessage> emailsTo(String to) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().contains(to));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private void schedule(Duration ago) {
        jdbc.sql("INSERT INTO sync_schedules (connection_id, organization_id, frequency, paused, created_at, updated_at) "
                        + "VALUES (?, ?, 'HOURLY', false, ?, ?)")
                .params(connection, organization.value(), at(CLOCK.instant().minus(ago)), at(CLOCK.instant().minus(ago))).update();
    }

    private UUID run(String state, String kind, Duration finishedAgo, String reason) {
        UUID id = UUID.randomUUID();
        Instant finished = CLOCK.instant().minus(finishedAgo);
        jdbc.sql("""
                INSERT INTO import_runs (id, organization_id, connection_id, window_from, window_to, state, state_reason, created_at,
                    started_at, finished_at, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, organization.value(), connection, at(finished.minus(Duration.ofDays(1))), at(finished), state, reason,
                        at(finished.minus(Duration.ofMinutes(5))), at(finished.minus(Duration.ofMinutes(5))),
                        state.equals("RUNNING") ? null : at(finished), kind)
                .update();
        return id;
    }

    /** {@code perDay} calls on each weekday of the two weeks before Tuesday 17 November. */
    private void usualWeekdays(int perDay) {
        for (int back = 1; back <= 14; back++) {
            Instant day = Instant.parse("2026-11-17T10:00:00Z").minus(Duration.ofDays(back));
            java.time.DayOfWeek weekday = day.atOffset(ZoneOffset.UTC).getDayOfWeek();
            if (weekday != java.time.DayOfWeek.SATURDAY && weekday != java.time.DayOfWeek.SUNDAY) {
                calls(day, perDay);
            }
        }
    }

    private void calls(Instant startingAt, int count) {
        jdbc.sql("""
                INSERT INTO calls (id, organization_id, connection_id, platform, vendor_call_id, started_at, duration_ms, direction,
                    participants, transcript, raw_metadata, content_hash, imported_at, updated_at)
                SELECT gen_random_uuid(), ?, ?, 'ringcentral', ? || n, ?::timestamptz + n * interval '1 minute', 60000, 'OUTBOUND',
                    '[]'::jsonb, '[]'::jsonb, '{}'::jsonb, 'hash', now(), now()
                FROM generate_series(1, ?) n""")
                .params(organization.value(), connection, "call-" + UUID.randomUUID() + "-", at(startingAt), count)
                .update();
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
