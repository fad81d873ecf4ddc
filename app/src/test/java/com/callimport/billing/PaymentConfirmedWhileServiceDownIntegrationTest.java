package com.callimport.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.credentials.VaultKeyset;
import com.callimport.payments.stripe.StripeSimulator;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.TestDatabase;
import com.callimport.testfixtures.WorkerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service is killed with SIGKILL after the customer was sent to the payment page; they pay while no instance is
 * up, so the provider's webhook finds no one. The next start asks the provider about every open checkout, finds the
 * hold, and starts the import; the webhook redelivered later changes nothing.
 */
class PaymentConfirmedWhileServiceDownIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @Test
    void aPaymentConfirmedWhileTheServiceWasDownStartsItsImportAfterRestart() throws Exception {
        Instant now = Instant.now();
        DateWindow window = new DateWindow(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10)));
        String database = TestDatabase.url("checkout_crash");
        Path logs = Path.of("target", "worker-logs");
        Files.createDirectories(logs);
        Map<String, String> environment = Map.of("CALLIMPORT_VAULT_KEYSET", VaultKeyset.generate());
        try (GongSimulator gong = GongSimulator.start(); StripeSimulator stripe = StripeSimulator.start()) {
            gong.seed(30, window, new CallMix(0, 1, 1), 31);
            String[] settings = {
                    "--spring.datasource.url=" + database, "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-checkout-crash-"),
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(), "--callimport.rate-budgets=false",
                    "--callimport.pricing.free-calls=20", "--callimport.pricing.price-per-call=0.10",
                    "--callimport.payments.stripe.api-key=" + StripeSimulator.API_KEY,
                    "--callimport.payments.stripe.webhook-secret=" + StripeSimulator.WEBHOOK_SECRET,
                    "--callimport.payments.stripe.api-base=" + stripe.baseUrl(),
                    "--callimport.billing.reconcile-interval=1h"};

            String checkoutId;
            String session;
            WorkerProcess first = WorkerProcess.start("checkout-a", logs, environment, settings);
            try (first) {
                stripe.sendEventsTo(URI.create("http://127.0.0.1:" + first.port() + "/webhooks/payments/card"));
                Browserless owner = Browserless.signUp(first.port(), "Crash Checkout Co", "owner-" + UUID.randomUUID() + "@crash.example");
                HttpResponse<String> tested = owner.post("/import/platforms/gong/test", Map.of(
                        "credential.baseUrl", GongCredentialsFixture.CUSTOMER_BASE_URL, "credential.accessKey", GongSimulator.ACCESS_KEY,
                        "credential.accessKeySecret", GongSimulator.ACCESS_KEY_SECRET));
                Matcher connection = Pattern.compile("/import/connections/([0-9a-f-]{36})/window").matcher(tested.body());
                assertThat(connection.find()).as(tested.body()).isTrue();
                HttpResponse<String> started = owner.post("/import/connections/" + connection.group(1) + "/start", Map.of(
                        "from", window.from().toString(), "to", window.to().toString(), "attempt", UUID.randomUUID().toString()));
                String location = started.headers().firstValue("Location").orElseThrow();
                assertThat(location).as("a billable import goes to checkout").contains("/checkout/");
                checkoutId = location.substring(location.lastIndexOf('/') + 1);
                HttpResponse<String> pay = owner.post("/checkout/" + checkoutId + "/pay", Map.of());
                Matcher page = Pattern.compile("/pay/(cs_test_[A-Za-z0-9]+)").matcher(pay.body());
                assertThat(page.find()).as(pay.body()).isTrue();
                session = page.group(1);

                first.killHard();
            }

            // paid while no instance is up: the webhook finds no one
            assertThat(stripe.pay(session, StripeSimulator.GOOD_CARD)).isTrue();
            assertThat(stripe.undelivered()).extracting(StripeSimulator.Delivery::type).contains("checkout.session.completed");
            assertThat(state(database, checkoutId)).isEqualTo("AWAITING_PAYMENT");

            try (WorkerProcess restarted = WorkerProcess.start("checkout-b", logs, environment, settings)) {
                String finished = Await.until(Duration.ofSeconds(90), () -> state(database, checkoutId),
                        state -> state.equals("SETTLED"), "the checkout's import to run and be settled after the restart");
                assertThat(finished).isEqualTo("SETTLED");
                stripe.sendEventsTo(URI.create("http://127.0.0.1:" + restarted.port() + "/webhooks/payments/card"));
                stripe.redeliverUndelivered();
                assertThat(stripe.undelivered()).isEmpty();
                assertThat(count(database, "SELECT count(*) FROM import_runs r JOIN import_checkouts c ON c.organization_id = r.organization_id"
                        + " WHERE c.id = '" + checkoutId + "'")).as("one import").isEqualTo(1);
                assertThat(count(database, "SELECT imported_calls FROM import_runs r JOIN import_checkouts c ON c.run_id = r.id"
                        + " WHERE c.id = '" + checkoutId + "'")).isEqualTo(30);
                assertThat(stripe.intentOf(session)).containsEntry("status", "succeeded").containsEntry("amount_received", 100L);
                assertThat(count(database, "SELECT count(*) FROM billing_entries e JOIN import_checkouts c ON c.id = e.checkout_id"
                        + " WHERE c.id = '" + checkoutId + "' AND e.kind = 'PAYMENT'")).isEqualTo(1);
            }
        }
    }

    private static String state(String database, String checkoutId) {
        try (Connection connection = DriverManager.getConnection(database, TestDatabase.user(), TestDatabase.password());
             ResultSet rows = connection.createStatement().executeQuery("SELECT state FROM import_checkouts WHERE id = '" + checkoutId + "'")) {
            return rows.next() ? rows.getString(1) : "";
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(database, TestDatabase.user(), TestDatabase.password());
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed-in browser session without a browser: the session cookie and the CSRF token its pages carry. */
    private record Browserless(int port, String session, String csrf) {
        static Browserless signUp(int port, String organization, String email) throws IOException, InterruptedException {
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sign-up")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF_FIELD.matcher(form.body());
            assertThat(token.find()).isTrue();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("organizationName", organization);
            fields.put("email", email);
            fields.put("password", "a long enough password");
            HttpResponse<String> signedUp = new Browserless(port, cookie(form), token.group(1)).post("/sign-up", fields);
            assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
            String session = cookie(signedUp);
            HttpResponse<String> home = new Browserless(port, session, "").get("/home");
            Matcher csrf = CSRF_META.matcher(home.body());
            assertThat(csrf.find()).as(home.body()).isTrue();
            return new Browserless(port, session, csrf.group(1));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html")
                    .header("Cookie", "SESSION=" + session).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
            String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html")
                    .header("Cookie", "SESSION=" + session).header("X-CSRF-TOKEN", csrf)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String cookie(HttpResponse<String> response) {
            return response.headers().allValues("Set-Cookie").stream().filter(header -> header.startsWith("SESSION="))
                    .map(header -> header.substring("SESSION=".length(), header.indexOf(';'))).reduce((first, last) -> last).orElseThrow();
        }
    }
}
