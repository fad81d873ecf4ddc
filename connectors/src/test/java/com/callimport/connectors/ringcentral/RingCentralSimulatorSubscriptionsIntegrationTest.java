package com.callimport.connectors.ringcentral;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connector.testkit.SeededCall;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's subscription API as RingCentral documents it, spoken to directly: the requests RingCentral
 * refuses, what a validation answer must be, and reading subscriptions back. The connector's side is in
 * {@link RingCentralWebhooksIntegrationTest}.
 */
@Timeout(20)
class RingCentralSimulatorSubscriptionsIntegrationTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-05-05T10:00:00Z"));
    private static RingCentralSimulator ringCentral;
    private static HttpServer subscriber;
    private static RingCentralWebhooksIntegrationTest.OurEndpoint endpoint;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws IOException {
        ringCentral = RingCentralSimulator.start(CLOCK);
        endpoint = new RingCentralWebhooksIntegrationTest.OurEndpoint(new RingCentralConnector().webhooks().orElseThrow());
        subscriber = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        // answers 200 but forgets the token
        subscriber.createContext("/forgetful", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, -1);
            }
        });
        // echoes the token, then says far too much
        subscriber.createContext("/talkative", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Validation-Token", exchange.getRequestHeaders().getFirst("Validation-Token"));
                byte[] page = "<html>".concat("welcome ".repeat(200)).concat("</html>").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        subscriber.start();
    }

    @AfterAll
    static void stop() {
        ringCentral.close();
        endpoint.close();
        subscriber.stop(0);
    }

    @BeforeEach
    void reset() {
        CLOCK.set(Instant.parse("2026-05-05T10:00:00Z"));
        ringCentral.reset();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no event filter        | {\"eventFilters\":[],\"deliveryMode\":{\"transportType\":\"WebHook\",\"address\":\"ADDRESS\"}}                                             | eventFilters",
            "another event          | {\"eventFilters\":[\"/restapi/v1.0/account/~/extension/~/presence\"],\"deliveryMode\":{\"transportType\":\"WebHook\",\"address\":\"ADDRESS\"}} | eventFilters",
            "not a WebHook          | {\"eventFilters\":[\"/restapi/v1.0/account/~/telephony/sessions\"],\"deliveryMode\":{\"transportType\":\"PubNub\"}}                              | deliveryMode.transportType",
            "a relative address     | {\"eventFilters\":[\"/restapi/v1.0/account/~/telephony/sessions\"],\"deliveryMode\":{\"transportType\":\"WebHook\",\"address\":\"/hooks\"}}      | deliveryMode.address",
            "eleven years           | {\"eventFilters\":[\"/restapi/v1.0/account/~/telephony/sessions\"],\"deliveryMode\":{\"transportType\":\"WebHook\",\"address\":\"ADDRESS\"},\"expiresIn\":346896000} | expiresIn",
    })
    void refusesASubscriptionRingCentralWouldRefuse(String what, String body, String parameter) throws Exception {
        HttpResponse<String> response = send("POST", "/restapi/v1.0/subscription",
                body.replace("ADDRESS", endpoint.address().toString()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("errorCode").asString()).isEqualTo("CMN-101");
        assertThat(error.path("parameterName").asString()).isEqualTo(parameter);
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void refusesAnAddressThatDoesNotEchoTheValidationToken() throws Exception {
        HttpResponse<String> response = subscribe(subscriberAddress("/forgetful"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("errors").get(0).path("errorCode").asString()).isEqualTo("SUB-520");
        assertThat(ringCentral.subscriptions()).isEmpty();
    }

    @Test
    void refusesAValidationAnswerLongerThan1024Bytes() throws Exception {
        HttpResponse<String> response = subscribe(subscriberAddress("/talkative"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("errorCode").asString()).isEqualTo("SUB-525");
        assertThat(error.path("message").asString()).isEqualTo("WebHook server response is invalid");
    }

    @Test
    void answersWithTheSubscriptionItKeepsAndReadsItBack() throws Exception {
        HttpResponse<String> created = subscribe(endpoint.address());
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode info = json.readTree(created.body());
        String id = info.path("id").asString();
        assertThat(id).hasSizeLessThanOrEqualTo(20);
        assertThat(info.path("status").asString()).isEqualTo("Active");
        assertThat(info.path("eventFilters").get(0).asString())
                .isEqualTo("/restapi/v1.0/account/" + RingCentralSimulator.ACCOUNT_ID + "/telephony/sessions");
        assertThat(info.path("deliveryMode").path("address").asString()).isEqualTo(endpoint.address().toString());
        assertThat(info.path("deliveryMode").has("verificationToken")).as("the token is write-only").isFalse();
        // RC spec example: a week, 604,799 s, when expiresIn is left out
        assertThat(Instant.parse(info.path("expirationTime").asString())).isEqualTo(CLOCK.instant().plusSeconds(604_799));

        assertThat(json.readTree(send("GET", "/restapi/v1.0/subscription/" + id, null).body()).path("id").asString()).isEqualTo(id);
        JsonNode list = json.readTree(send("GET", "/restapi/v1.0/subscription", null).body());
        assertThat(list.path("records")).singleElement().satisfies(record -> assertThat(record.path("id").asString()).isEqualTo(id));

        assertThat(send("DELETE", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/restapi/v1.0/subscription/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsAPlacedCallBesideTheSeededOnesAndFindsItByTelephonySession() throws Exception {
        DateWindow earlier = new DateWindow(CLOCK.instant().minus(Duration.ofHours(2)), CLOCK.instant().minus(Duration.ofHours(1)));
        ringCentral.seed(4, earlier, 11);
        SeededCall placed = ringCentral.placeCall(Duration.ofMinutes(5), false);
        String session = ringCentral.telephonySessionId(placed.vendorCallId());

        JsonNode everything = json.readTree(send("GET", "/restapi/v1.0/account/~/call-log", null).body());
        assertThat(everything.path("records")).hasSize(5);
        String bySession = "/restapi/v1.0/account/~/call-log?telephonySessionId=" + URLEncoder.encode(session, StandardCharsets.UTF_8);
        assertThat(json.readTree(send("GET", bySession, null).body()).path("records")).singleElement()
                .satisfies(record -> assertThat(record.path("id").asString()).isEqualTo(placed.vendorCallId()));
        // dateFrom still applies: a window that ended before the call holds none of its records
        String before = bySession + "&dateFrom=" + earlier.from() + "&dateTo=" + earlier.to();
        assertThat(json.readTree(send("GET", before, null).body()).path("records")).isEmpty();
    }

    @Test
    void notifiesNoOneOfACallPlacedWithoutSubscriptions() {
        SeededCall placed = ringCentral.placeCall(Duration.ofMinutes(1), true);

        assertThat(ringCentral.deliveries()).isEmpty();
        assertThat(ringCentral.notifiedAt(placed.vendorCallId())).isEmpty();
        assertThat(ringCentral.callsWithRecording()).contains(placed.vendorCallId());
    }

    private HttpResponse<String> subscribe(URI address) throws Exception {
        return send("POST", "/restapi/v1.0/subscription", """
                {"eventFilters":["/restapi/v1.0/account/~/telephony/sessions"],
                 "deliveryMode":{"transportType":"WebHook","address":"%s","verificationToken":"t-1"}}""".formatted(address));
    }

    private URI subscriberAddress(String path) {
        return URI.create("http://127.0.0.1:" + subscriber.getAddress().getPort() + path);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ringCentral.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + RingCentralSimulator.TEST_ACCESS_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
