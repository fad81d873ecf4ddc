package com.callimport.oauth;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.AccessTokens;
import com.callimport.connections.Connections;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.organizations.OrganizationId;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Connecting a dialer by signing in, keeping its tokens fresh, and recovering from a revoked grant. */
@EngineIntegrationTest
// its own database: this service's jobs need settings only it has, so they must not reach the others' workers
@org.springframework.test.context.TestPropertySource(properties = "callimport.test.database=ringcentral")
class RingCentralSignInIntegrationTest {
    private static final RingCentralSimulator RINGCENTRAL = RingCentralSimulator.start();
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final DateWindow WINDOW = new DateWindow(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofHours(1)));

    @DynamicPropertySource
    static void ringCentral(DynamicPropertyRegistry registry) {
        registry.add("callimport.oauth.public-url", () -> "http://callimport.example");
        registry.add("callimport.oauth.clients.ringcentral.client-id", () -> RingCentralSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.ringcentral.client-secret", () -> RingCentralSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.ringcentral.authorization-uri", () -> RINGCENTRAL.authorizationUri().toString());
        registry.add("callimport.oauth.clients.ringcentral.token-uri", () -> RINGCENTRAL.tokenUri().toString());
        registry.add("callimport.platforms.ringcentral.base-url", () -> RINGCENTRAL.baseUrl().toString());
        // the subject here is sign-in and tokens, not the Heavy group's 10 requests a minute
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    AccessTokens accessTokens;
    @Autowired
    Connections connections;

    ApiClient customer;

    @BeforeEach
    void setUp() {
        RINGCENTRAL.reset();
        RINGCENTRAL.seed(30, WINDOW, CallMix.TYPICAL, 9);
        customer = ApiClient.at(port, "test-bootstrap-token").newOrganization("Dialer Co");
    }

    /** Plays the customer's browser: opens the sign-in link, follows the vendor's redirect to our callback. */
    private HttpResponse<String> signIn(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> vendor = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(vendor.statusCode()).as("the vendor redirects back").isBetween(300, 399);
        URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
        assertThat(redirect.getHost()).isEqualTo("callimport.example");
        URI callback = URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?" + redirect.getRawQuery());
        return BROWSER.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String connectBySigningIn() throws IOException, InterruptedException {
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "ringcentral", "name", "Our RingCentral")).json();
        assertThat(link.get("authorizationUrl").asString()).contains("code_challenge=").contains("state=");
        HttpResponse<String> page = signIn(link.get("authorizationUrl").asString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return customer.get("/api/connections").json().get(0).get("id").asString();
    }

    private JsonNode importWindow(String connection) {
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");
    }

    @Test
    void signingInCreatesAConnectionWhoseTokensNeverShowAndWhichImportsCalls() throws Exception {
        String connection = connectBySigningIn();

        assertThat(customer.get("/api/connections/" + connection).body()).doesNotContain("Token").doesNotContain("sim-rc");
        assertThat(customer.post("/api/connections/" + connection + "/test").json().get("ok").asBoolean()).isTrue();
        JsonNode run = importWindow(connection);
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("counts").get("imported").asLong()).isPositive();
    }

    @Test
    void aCallbackWithAStateWeDidNotIssueConnectsNothing() throws Exception {
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "ringcentral")).json();
        String tampered = link.get("authorizationUrl").asString().replaceAll("state=[^&]+", "state=forged-state");

        HttpResponse<String> page = signIn(tampered);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("not one we issued");
        assertThat(customer.get("/api/connections").json()).isEmpty();
    }

    @Test
    void aReplayedCallbackConnectsNothingMore() throws Exception {
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "ringcentral")).json();
        HttpResponse<String> vendor = BROWSER.send(HttpRequest.newBuilder(URI.create(link.get("authorizationUrl").asString())).build(),
                HttpResponse.BodyHandlers.ofString());
        URI redirect = URI.create(vendor.headers().firstValue("Location").orElseThrow());
        URI callback = URI.create("http://127.0.0.1:" + port + redirect.getRawPath() + "?" + redirect.getRawQuery());

        assertThat(BROWSER.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(BROWSER.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(customer.get("/api/connections").json()).hasSize(1);
    }

    @Test
    void declinedConsentConnectsNothingAndSaysSo() throws Exception {
        RINGCENTRAL.declineNextConsent();
        JsonNode link = customer.post("/api/connections/oauth", json("platform", "ringcentral")).json();

        HttpResponse<String> page = signIn(link.get("authorizationUrl").asString());

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("consent was declined");
        assertThat(customer.get("/api/connections").json()).isEmpty();
    }

    @Test
    void anExpiringTokenIsRefreshedDuringAnImportAndEachRotatedRefreshTokenIsKept() throws Exception {
        // tokens are refreshed 5 minutes before expiry: one of 5 min 1 s is due again a second after it was issued
        RINGCENTRAL.useTokenLifetimes(Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(7));
        String connection = connectBySigningIn();
        Thread.sleep(1_100); // let the first token come due, as an hour would in production

        JsonNode run = importWindow(connection);

        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(RINGCENTRAL.refreshTokensRotated()).isPositive();
        assertThat(RINGCENTRAL.invalidGrantResponses()).as("no refresh ever used a spent refresh token").isZero();
    }

    @Test
    void twoWorkersRefreshingTheSameConnectionAtOnceMakeOneRefresh() throws Exception {
        RINGCENTRAL.useTokenLifetimes(Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(7));
        String connection = connectBySigningIn();
        Thread.sleep(1_100);
        OrganizationId organization = new OrganizationId(UUID.fromString(customer.get("/api/connections").json()
                .get(0).get("organization").asString()));
        Credentials stored = connections.credentials(organization, UUID.fromString(connection));
        long requestsBefore = RINGCENTRAL.tokenRequestsReceived();
        CyclicBarrier together = new CyclicBarrier(2);

        // two threads of their own: the common pool has a single thread on a 2-core machine
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<CompletableFuture<String>> workers = List.of(1, 2).stream().map(worker -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                return accessTokens.current(organization, UUID.fromString(connection), "ringcentral", stored)
                        .require(Credentials.ACCESS_TOKEN).reveal();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool)).toList();
        pool.shutdown();

        assertThat(workers.get(0).get()).isEqualTo(workers.get(1).get());
        assertThat(RINGCENTRAL.tokenRequestsReceived() - requestsBefore).isEqualTo(1);
    }

    @Test
    void aRevokedGrantAsksForReauthenticationAndReconnectingRestoresTheConnection() throws Exception {
        RINGCENTRAL.useTokenLifetimes(Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(7));
        String connection = connectBySigningIn();
        assertThat(importWindow(connection).get("state").asString()).isEqualTo("SUCCEEDED");
        // priced while the grant still works: a revoked grant at creation is refused at once, the run's own is under test
        String runId = customer.post("/api/import-runs", json("connectionId", connection,
                "from", WINDOW.from().toString(), "to", WINDOW.to().toString(), "start", false)).text("id");
        RINGCENTRAL.revokeGrants();
        Thread.sleep(1_100);

        customer.post("/api/import-runs/" + runId + "/start");
        JsonNode refused = Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the import to end");
        JsonNode needsAttention = customer.get("/api/connections/" + connection).json();
        assertThat(refused.get("state").asString()).as("the run waits for the customer").isEqualTo("PAUSED");
        assertThat(refused.get("stateReason").asString()).contains("/api/connections/" + connection + "/oauth");
        assertThat(needsAttention.get("status").asString()).isEqualTo("NEEDS_ATTENTION");
        assertThat(needsAttention.get("statusDetail").asString()).contains("/api/connections/" + connection + "/oauth");

        JsonNode link = customer.post("/api/connections/" + connection + "/oauth").json();
        assertThat(signIn(link.get("authorizationUrl").asString()).statusCode()).isEqualTo(200);

        assertThat(customer.get("/api/connections/" + connection).json().get("status").asString()).isEqualTo("ACTIVE");
        JsonNode again = importWindow(connection);
        assertThat(again.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(again.get("counts").get("imported").asLong()).as("nothing imported twice").isZero();
        assertThat(again.get("counts").get("unchanged").asLong()).isPositive();
        assertThat(customer.get("/api/connections").json()).hasSize(1);
    }

    @Test
    void aGrantRevokedDuringOngoingSyncAsksForReauthenticationAndTheSyncResumesFromItsHighWaterMark() throws Exception {
        RINGCENTRAL.useTokenLifetimes(Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(7));
        String connection = connectBySigningIn();
        assertThat(customer.put("/api/connections/" + connection + "/sync", json("frequency", "HOURLY")).status()).isEqualTo(200);
        SeededCall recordedLater = RINGCENTRAL.placeCall(Duration.ofMinutes(2), false);
        JsonNode first = syncPass(connection);
        assertThat(first.get("state").asString()).as(first.toString()).isEqualTo("SUCCEEDED");

        RINGCENTRAL.revokeGrants();
        Thread.sleep(1_100); // the access token comes due for a refresh, which RingCentral now refuses
        customer.post("/api/connections/" + connection + "/sync/now");
        JsonNode refused = Await.until(Duration.ofSeconds(30), () -> customer.get("/api/connections/" + connection + "/sync").json(),
                status -> status.get("state").asString().equals("NEEDS_REAUTHENTICATION"), "the pass to find the grant revoked");
        ApiClient.Reply refusedNow = customer.post("/api/connections/" + connection + "/sync/now");
        assertThat(refusedNow.status()).isEqualTo(422);
        assertThat(refusedNow.text("detail")).contains("/api/connections/" + connection + "/oauth");
        assertThat(refused.get("remediation").asString()).contains("/api/connections/" + connection + "/oauth");

        JsonNode link = customer.post("/api/connections/" + connection + "/oauth").json();
        assertThat(signIn(link.get("authorizationUrl").asString()).statusCode()).isEqualTo(200);
        JsonNode reconnected = customer.get("/api/connections/" + connection + "/sync").json();
        assertThat(reconnected.get("state").asString()).as("healthy before the next pass").isEqualTo("ACTIVE");
        assertThat(reconnected.path("lastError").isNull() || reconnected.path("lastError").isMissingNode()).isTrue();
        SeededCall newCall = RINGCENTRAL.placeCall(Duration.ofMinutes(1), true);
        RINGCENTRAL.attachRecording(recordedLater.vendorCallId());
        JsonNode resumed = syncPass(connection);

        assertThat(resumed.get("state").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(resumed.get("window").get("from").asString()))
                .as("from the last pass's end less RingCentral's 24 h lookback")
                .isEqualTo(Instant.parse(first.get("window").get("to").asString()).minus(Duration.ofHours(24)));
        assertThat(resumed.get("counts").get("imported").asLong()).as("the call made meanwhile").isEqualTo(1);
        assertThat(resumed.get("counts").get("updated").asLong()).as("the recording that appeared").isEqualTo(1);
        JsonNode stored = customer.get("/api/calls?connectionId=" + connection + "&limit=500").json();
        assertThat(stored.valueStream().map(call -> call.get("vendorCallId").asString()).distinct().count()).isEqualTo(stored.size());
        assertThat(stored.valueStream().map(call -> call.get("vendorCallId").asString()))
                .contains(newCall.vendorCallId(), recordedLater.vendorCallId());
    }

    private JsonNode syncPass(String connection) {
        ApiClient.Reply started = customer.post("/api/connections/" + connection + "/sync/now");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.text("id");
        return Await.until(Duration.ofSeconds(60), () -> customer.get("/api/import-runs/" + runId).json(),
                run -> !run.get("state").asString().matches("QUEUED|RUNNING"), "the sync pass to end");
    }

    @Test
    void aJwtCredentialConnectsWithoutAnAppOfTheCustomersOwn() {
        String connection = customer.post("/api/connections", json("platform", "ringcentral",
                "credentials", Map.of("jwt", RINGCENTRAL.jwtCredential()))).text("id");

        JsonNode run = importWindow(connection);

        assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(customer.get("/api/connections/" + connection).body()).doesNotContain(RINGCENTRAL.jwtCredential());
    }

    private String connectWithJwt(String jwt) {
        ApiClient.Reply created = customer.post("/api/connections", json("platform", "ringcentral", "credentials", Map.of("jwt", jwt)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** What an hour does to the stored access token: it comes due for renewal, without the test waiting for it. */
    private void accessTokenComesDue(String connection) {
        OrganizationId organization = new OrganizationId(UUID.fromString(customer.get("/api/connections/" + connection).json()
                .get("organization").asString()));
        Credentials stored = connections.credentials(organization, UUID.fromString(connection));
        Map<String, Secret> values = new LinkedHashMap<>(stored.values());
        values.put(OAuthAccessTokens.EXPIRES_AT, Secret.of(Instant.now().minus(Duration.ofMinutes(1)).toString()));
        connections.storeCredentials(organization, UUID.fromString(connection), new Credentials(values));
    }

    @Test
    void aJwtTheVendorRefusesIsNamedWithTheVendorsReasonAndHowToReplaceIt() {
        String connection = connectWithJwt("eyJhbGciOiJSUzI1NiJ9.not-the-one.issued");

        JsonNode test = customer.post("/api/connections/" + connection + "/test").json();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.get("problem").asString())
                .contains("RingCentral refused the JWT credential")
                .contains("JWT assertion is invalid, revoked or not issued for this client")
                .contains("PUT /api/connections/" + connection + "/credentials")
                .doesNotContain("sign-in").doesNotContain("/oauth");
        assertThat(customer.get("/api/connections/" + connection).json().get("statusDetail").asString())
                .isEqualTo(test.get("problem").asString());
    }

    @Test
    void aJwtConnectionWhoseSessionWasRevokedExchangesItsStillValidJwtForANewOne() {
        String connection = connectWithJwt(RINGCENTRAL.jwtCredential());
        assertThat(customer.post("/api/connections/" + connection + "/test").json().get("ok").asBoolean()).isTrue();
        RINGCENTRAL.revokeGrants(); // the session ends (an admin signed the app out); the JWT credential itself stays valid
        accessTokenComesDue(connection);

        JsonNode test = customer.post("/api/connections/" + connection + "/test").json();

        assertThat(test.get("ok").asBoolean()).as(test.toString()).isTrue();
        assertThat(RINGCENTRAL.invalidGrantResponses()).as("the refused refresh, and nothing after it").isEqualTo(1);
        assertThat(importWindow(connection).get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aJwtConnectionWhoseJwtWasRevokedTooAsksForANewJwtAfterOneExchange() {
        String connection = connectWithJwt(RINGCENTRAL.jwtCredential());
        assertThat(customer.post("/api/connections/" + connection + "/test").json().get("ok").asBoolean()).isTrue();
        RINGCENTRAL.revokeGrants();
        RINGCENTRAL.revokeJwtCredential();
        accessTokenComesDue(connection);

        JsonNode test = customer.post("/api/connections/" + connection + "/test").json();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(RINGCENTRAL.invalidGrantResponses()).as("the refresh, then the JWT once").isEqualTo(2);
        assertThat(test.get("problem").asString()).contains("RingCentral refused the JWT credential")
                .contains("PUT /api/connections/" + connection + "/credentials");
    }

    @Test
    void newCredentialsReplaceARefusedJwtAreTestedAndNeverShown() {
        String connection = connectWithJwt("eyJhbGciOiJSUzI1NiJ9.not-the-one.issued");
        customer.post("/api/connections/" + connection + "/test");
        assertThat(customer.get("/api/connections/" + connection).json().get("status").asString()).isEqualTo("NEEDS_ATTENTION");

        ApiClient.Reply replaced = customer.put("/api/connections/" + connection + "/credentials",
                json("credentials", Map.of("jwt", RINGCENTRAL.jwtCredential())));

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(replaced.body()).doesNotContain(RINGCENTRAL.jwtCredential()).doesNotContain("sim-rc");
        assertThat(customer.get("/api/connections/" + connection).body()).doesNotContain(RINGCENTRAL.jwtCredential());
        assertThat(importWindow(connection).get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void newCredentialsAreCheckedLikeAtCreationAndOnlyForTheOrganizationsOwnConnection() {
        String connection = connectWithJwt(RINGCENTRAL.jwtCredential());
        ApiClient other = ApiClient.at(port, "test-bootstrap-token").newOrganization("Someone Else");

        ApiClient.Reply wrongField = customer.put("/api/connections/" + connection + "/credentials",
                json("credentials", Map.of("apiKey", "k")));
        ApiClient.Reply notTheirs = other.put("/api/connections/" + connection + "/credentials",
                json("credentials", Map.of("jwt", RINGCENTRAL.jwtCredential())));

        assertThat(wrongField.status()).isEqualTo(400);
        assertThat(wrongField.text("detail")).startsWith("credentials: RingCentral connects by signing in").contains("credentials.jwt");
        assertThat(notTheirs.status()).isEqualTo(404);
        assertThat(customer.post("/api/connections/" + connection + "/test").json().get("ok").asBoolean())
                .as("the credentials stayed as they were").isTrue();
    }

    @Test
    void syncNowOnARefusedConnectionSaysItNeedsReauthenticationAndHow() {
        String connection = connectWithJwt("eyJhbGciOiJSUzI1NiJ9.not-the-one.issued");
        assertThat(customer.put("/api/connections/" + connection + "/sync", json("frequency", "HOURLY")).status()).isEqualTo(200);
        customer.post("/api/connections/" + connection + "/sync/now");
        Await.until(Duration.ofSeconds(30), () -> customer.get("/api/connections/" + connection + "/sync").json(),
                status -> status.get("state").asString().equals("NEEDS_REAUTHENTICATION"), "the first pass to find the JWT refused");

        ApiClient.Reply refused = customer.post("/api/connections/" + connection + "/sync/now");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.text("detail")).contains("needs re-authentication")
                .contains("PUT /api/connections/" + connection + "/credentials")
                .doesNotContain("paused").doesNotContain("still going");
        assertThat(customer.get("/api/connections/" + connection + "/sync").json().get("state").asString())
                .isEqualTo("NEEDS_REAUTHENTICATION");
    }

    @Test
    void newCredentialsThatWorkClearTheFailingSyncWithoutWaitingForThePass() {
        String connection = connectWithJwt("eyJhbGciOiJSUzI1NiJ9.not-the-one.issued");
        customer.put("/api/connections/" + connection + "/sync", json("frequency", "HOURLY"));
        customer.post("/api/connections/" + connection + "/sync/now");
        Await.until(Duration.ofSeconds(30), () -> customer.get("/api/connections/" + connection + "/sync").json(),
                status -> status.get("state").asString().equals("NEEDS_REAUTHENTICATION"), "the pass to find the JWT refused");

        customer.put("/api/connections/" + connection + "/credentials", json("credentials", Map.of("jwt", RINGCENTRAL.jwtCredential())));

        JsonNode status = customer.get("/api/connections/" + connection + "/sync").json();
        assertThat(status.get("state").asString()).as(status.toString()).isEqualTo("ACTIVE");
        assertThat(status.path("lastError").isNull() || status.path("lastError").isMissingNode()).as(status.toString()).isTrue();
    }

    @Test
    void aConnectorThatDoesNotSignInSaysHowToConnect() {
        ApiClient.Reply reply = customer.post("/api/connections/oauth", json("platform", "gong"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("detail")).contains("POST /api/connections");
    }
}
