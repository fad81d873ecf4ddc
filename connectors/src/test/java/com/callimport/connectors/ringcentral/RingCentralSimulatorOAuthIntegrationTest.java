package com.callimport.connectors.ringcentral;

import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.OAuthSettings;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's OAuth, driven as the engine's OAuth client would drive RingCentral's, and the connector
 * working with the tokens it issues.
 */
@Timeout(20)
class RingCentralSimulatorOAuthIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(2)));
    private static final String REDIRECT_URI = "https://imports.example/oauth/ringcentral/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-sim-verifier";
    private static RingCentralSimulator ringCentral;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startRingCentral() {
        ringCentral = RingCentralSimulator.start(CLOCK);
    }

    @AfterAll
    static void stopRingCentral() {
        ringCentral.close();
    }

    @BeforeEach
    void seed() {
        CLOCK.set(WINDOW.to().plus(Duration.ofHours(2)));
        ringCentral.reset();
        ringCentral.seed(12, WINDOW, CallMix.TYPICAL, 3);
    }

    @Test
    void declaresRingCentralsOAuth() {
        OAuthSettings oauth = new RingCentralConnector().oauth().orElseThrow();
        assertThat(oauth.authorizationUri()).hasToString("https://platform.ringcentral.com/restapi/oauth/authorize");
        assertThat(oauth.tokenUri()).hasToString("https://platform.ringcentral.com/restapi/oauth/token");
        assertThat(oauth.scopes()).isEmpty();
        assertThat(oauth.pkce()).isTrue();
        assertThat(oauth.jwtBearerGrant()).isTrue();
        assertThat(oauth.rotatesRefreshTokens()).isTrue();
        assertThat(new RingCentralConnector().credentialFields()).isEmpty();
    }

    @Test
    void rotatesRefreshTokensInTheSimulator() throws Exception {
        JsonNode first = token(Map.of("grant_type", "authorization_code", "code", authorize("xyz"),
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
        assertThat(first.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(first.path("refresh_token_expires_in").asLong()).isEqualTo(604_800);
        assertThat(first.path("scope").asString()).isEqualTo("ReadAccounts ReadCallLog ReadCallRecording CallControl");
        assertThat(listsCalls(first.path("access_token").asString())).isTrue();

        JsonNode second = token(Map.of("grant_type", "refresh_token", "refresh_token", first.path("refresh_token").asString()));
        assertThat(second.path("refresh_token").asString()).isNotEqualTo(first.path("refresh_token").asString());
        assertThat(ringCentral.refreshTokensRotated()).isEqualTo(1);
        // the old refresh token is spent, and the old access token died with it
        HttpResponse<String> reused = post(Map.of("grant_type", "refresh_token", "refresh_token", first.path("refresh_token").asString()));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(reused.body()).path("error").asString()).isEqualTo("invalid_grant");
        assertThat(listsCalls(first.path("access_token").asString())).isFalse();
        assertThat(listsCalls(second.path("access_token").asString())).isTrue();

        JsonNode third = token(Map.of("grant_type", "refresh_token", "refresh_token", second.path("refresh_token").asString()));
        assertThat(listsCalls(third.path("access_token").asString())).isTrue();
        assertThat(ringCentral.refreshTokensRotated()).isEqualTo(2);
        assertThat(ringCentral.invalidGrantResponses()).isEqualTo(1);
    }

    @Test
    void expiresAccessTokensOnItsClockAndTheConnectorAsksToReconnect() throws Exception {
        String accessToken = token(Map.of("grant_type", RingCentralSimulator.JWT_BEARER_GRANT,
                "assertion", ringCentral.jwtCredential())).path("access_token").asString();
        assertThat(listsCalls(accessToken)).isTrue();
        CLOCK.advance(Duration.ofHours(1));
        try (CallSource source = open(accessToken)) {
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class, failed -> assertThat(failed.getMessage())
                            .contains("Reconnect RingCentral").contains("Access token expired").doesNotContain(accessToken));
        }
    }

    @Test
    void exchangesAJwtCredentialUntilTheCustomerRevokesIt() throws Exception {
        JsonNode issued = token(Map.of("grant_type", RingCentralSimulator.JWT_BEARER_GRANT, "assertion", ringCentral.jwtCredential()));
        assertThat(issued.path("owner_id").asString()).isEqualTo(RingCentralSimulator.OWNER_EXTENSION_ID);
        assertThat(listsCalls(issued.path("access_token").asString())).isTrue();
        ringCentral.revokeJwtCredential();
        HttpResponse<String> refused = post(Map.of("grant_type", RingCentralSimulator.JWT_BEARER_GRANT,
                "assertion", ringCentral.jwtCredential()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void checksThePkceVerifierAndSpendsACodeOnce() throws Exception {
        String code = authorize("s1");
        HttpResponse<String> wrongVerifier = post(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", "not-the-verifier"));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        // the failed attempt spent the code
        HttpResponse<String> reused = post(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
        assertThat(reused.statusCode()).isEqualTo(400);
        String late = authorize("s2");
        CLOCK.advance(Duration.ofSeconds(61));
        HttpResponse<String> expired = post(Map.of("grant_type", "authorization_code", "code", late,
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
        assertThat(json.readTree(expired.body()).path("error").asString()).isEqualTo("invalid_grant");
        assertThat(ringCentral.invalidGrantResponses()).isEqualTo(3);
    }

    @Test
    void refusesAClientWithoutItsSecret() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ringCentral.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (RingCentralSimulator.CLIENT_ID + ":wrong").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void redirectsWithAccessDeniedWhenTheCustomerDeclines() throws Exception {
        ringCentral.declineNextConsent();
        Map<String, String> redirect = authorizeRedirect("declined-state");
        assertThat(redirect).containsEntry("error", "access_denied").containsEntry("state", "declined-state").doesNotContainKey("code");
    }

    @Test
    void revokingTheGrantVoidsItsTokens() throws Exception {
        JsonNode issued = token(Map.of("grant_type", "authorization_code", "code", authorize("r"),
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
        ringCentral.revokeGrants();
        assertThat(listsCalls(issued.path("access_token").asString())).isFalse();
        HttpResponse<String> refresh = post(Map.of("grant_type", "refresh_token", "refresh_token", issued.path("refresh_token").asString()));
        assertThat(json.readTree(refresh.body()).path("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void grantsATokenWithoutReadCallLogWhenTheAppLacksIt() throws Exception {
        ringCentral.withholdPermission("ReadCallLog");
        JsonNode issued = token(Map.of("grant_type", "authorization_code", "code", authorize("p"),
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
        assertThat(issued.path("scope").asString()).doesNotContain("ReadCallLog");
        try (CallSource source = open(issued.path("access_token").asString())) {
            assertThatThrownBy(() -> source.fetchPage(WINDOW, Checkpoint.START))
                    .isInstanceOfSatisfying(ConnectorException.AuthenticationFailed.class,
                            failed -> assertThat(failed.getMessage()).contains("lacks the ReadCallLog permission"));
        }
    }

    @Test
    void limitsTokenRequestsInTheAuthGroup() throws Exception {
        ringCentral.enforceThrottlingGroups(true);
        for (int i = 0; i < 5; i++) {
            assertThat(post(Map.of("grant_type", RingCentralSimulator.JWT_BEARER_GRANT, "assertion", ringCentral.jwtCredential()))
                    .statusCode()).isEqualTo(200);
        }
        HttpResponse<String> sixth = post(Map.of("grant_type", RingCentralSimulator.JWT_BEARER_GRANT, "assertion", ringCentral.jwtCredential()));
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(sixth.headers().firstValue("X-Rate-Limit-Group")).hasValue("Auth");
        assertThat(ringCentral.penaltiesStarted("Auth")).isEqualTo(1);
        assertThat(ringCentral.tokenRequestsReceived()).isEqualTo(6);
    }

    // ---- an OAuth client, as the engine's would be ----

    private String authorize(String state) throws Exception {
        Map<String, String> redirect = authorizeRedirect(state);
        assertThat(redirect).containsEntry("state", state).containsEntry("expires_in", "60");
        return redirect.get("code");
    }

    private Map<String, String> authorizeRedirect(String state) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        URI uri = URI.create(ringCentral.authorizationUri() + "?" + form(Map.of("response_type", "code",
                "client_id", RingCentralSimulator.CLIENT_ID, "redirect_uri", REDIRECT_URI, "state", state,
                "code_challenge", challenge, "code_challenge_method", "S256")));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(REDIRECT_URI + "?");
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private JsonNode token(Map<String, String> parameters) throws Exception {
        HttpResponse<String> response = post(parameters);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(Map<String, String> parameters) throws Exception {
        return http.send(HttpRequest.newBuilder(ringCentral.tokenUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (RingCentralSimulator.CLIENT_ID + ":" + RingCentralSimulator.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean listsCalls(String accessToken) throws Exception {
        try (CallSource source = open(accessToken)) {
            source.fetchPage(WINDOW, Checkpoint.START);
            return true;
        } catch (ConnectorException.AuthenticationFailed refused) {
            assertThat(refused.getMessage()).contains("Reconnect RingCentral").doesNotContain(accessToken);
            return false;
        }
    }

    private CallSource open(String accessToken) {
        return new RingCentralConnector().open(RingCentralCredentialsFixture.context(ringCentral,
                RingCentralCredentialsFixture.withAccessToken(accessToken), new CountingPermits(), CLOCK));
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
