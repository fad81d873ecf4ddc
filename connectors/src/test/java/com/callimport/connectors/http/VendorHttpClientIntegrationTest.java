package com.callimport.connectors.http;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connector.testkit.CountingPermits;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class VendorHttpClientIntegrationTest {
    private static HttpServer server;
    private static URI base;

    private final CountingPermits permits = new CountingPermits();
    // the test server stands where an operator's override (a sandbox) would: http on loopback
    private final VendorHttpClient client = new VendorHttpClient(new HttpTransport(new VendorHosts(
            List.of(HostPattern.exactly("api.vendor.example")), List.of(HostPattern.exactly("media.vendor.example")))),
            new ConnectionContext(new Credentials(Map.of()), Map.of(), Optional.of(base), Duration.ofMillis(500), permits,
                    Clock.systemUTC()),
            JsonMapper.builder().build(), "the vendor", (status, errors) -> "ask an admin (" + status + ")");

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        reply("/ok", 200, Map.of(), "{\"answer\":42}");
        reply("/unauthorized", 401, Map.of(), "{\"errors\":[\"bad key\"]}");
        reply("/limited", 429, Map.of("Retry-After", "7"), "{}");
        reply("/limited-silently", 429, Map.of(), "");
        reply("/broken", 502, Map.of(), "<html>bad gateway</html>");
        reply("/missing", 404, Map.of(), "{\"errors\":[\"nothing\"]}");
        reply("/not-json", 200, Map.of(), "<html>login</html>");
        reply("/cut-json", 200, Map.of(), "{\"calls\":[{\"id\":\"1\"},");
        reply("/file", 200, Map.of("Content-Type", "application/octet-stream"), "0123456789");
        server.createContext("/slow", exchange -> {
            try (exchange) {
                // the only wait in these tests: a vendor that answers after the request timeout
                Thread.sleep(1_000);
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void blamesTheAddressWhenItsHostDoesNotExist() {
        URI mistyped = URI.create("https://us-12345.api.gong.invalid/v2/calls");
        assertThatThrownBy(() -> client.exchangeJson(HttpMethod.GET, mistyped, Map.of(), null, Set.of()))
                .isInstanceOf(ConnectorException.AuthenticationFailed.class)
                .hasMessageContaining("us-12345.api.gong.invalid")
                .hasMessageContaining("no such host")
                .hasMessageContaining("check the address")
                .hasMessageNotContaining("null");
    }

    @Test
    void blamesTheAddressWhenNothingListensThere() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closedPort + "/v2/calls");
        assertThatThrownBy(() -> client.exchangeJson(HttpMethod.GET, nobody, Map.of(), null, Set.of()))
                .isInstanceOf(ConnectorException.AuthenticationFailed.class)
                .hasMessageContaining("refused the connection")
                .hasMessageContaining("check the address")
                .hasMessageNotContaining("null");
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void reply(String path, int status, Map<String, String> headers, String body) {
        server.createContext(path, exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
    }

    private JsonReply get(String path, Set<Integer> handled) throws Exception {
        return client.exchangeJson(HttpMethod.GET, base.resolve(path), Map.of("Authorization", "Basic c2VjcmV0"), null, handled);
    }

    @Test
    void readsJsonAfterAskingForAPermit() throws Exception {
        assertThat(get("/ok", Set.of()).body().path("answer").asInt()).isEqualTo(42);
        assertThat(permits.granted()).isEqualTo(1);
    }

    @Test
    void turnsARefusalIntoAuthenticationFailedWithTheConnectorsRemediation() {
        assertThatThrownBy(() -> get("/unauthorized", Set.of()))
                .isInstanceOf(ConnectorException.AuthenticationFailed.class).hasMessage("ask an admin (401)");
    }

    @Test
    void turns429IntoRateLimitedWithRetryAfterOrOneSecond() {
        assertThatThrownBy(() -> get("/limited", Set.of())).isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThatThrownBy(() -> get("/limited-silently", Set.of())).isInstanceOfSatisfying(ConnectorException.RateLimited.class,
                limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void turnsServerErrorsTimeoutsAndCutJsonIntoTemporarilyUnavailable() {
        assertThatThrownBy(() -> get("/broken", Set.of())).isInstanceOf(ConnectorException.TemporarilyUnavailable.class)
                .hasMessageContaining("502");
        assertThatThrownBy(() -> get("/slow", Set.of())).isInstanceOf(ConnectorException.TemporarilyUnavailable.class);
        assertThatThrownBy(() -> get("/cut-json", Set.of())).isInstanceOf(ConnectorException.TemporarilyUnavailable.class);
    }

    @Test
    void turnsOtherStatusesAndNonJsonIntoUnexpectedResponseUnlessTheCallerHandlesThem() throws Exception {
        assertThatThrownBy(() -> get("/missing", Set.of())).isInstanceOf(ConnectorException.UnexpectedResponse.class)
                .hasMessageContaining("404").hasMessageContaining("nothing");
        assertThat(get("/missing", Set.of(404)).status()).isEqualTo(404);
        assertThatThrownBy(() -> get("/not-json", Set.of())).isInstanceOf(ConnectorException.UnexpectedResponse.class);
    }

    @Test
    void neverPutsHeadersIntoMessages() {
        assertThatThrownBy(() -> get("/broken", Set.of())).hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void streamsDownloadsWithoutAPermitAndWithTheAnnouncedLength() throws Exception {
        Optional<RecordingContent> download = client.openDownload(base.resolve("/file"), "audio/mpeg", Set.of());
        try (RecordingContent content = download.orElseThrow()) {
            assertThat(content.contentLength()).hasValue(10);
            assertThat(content.mediaType()).isEqualTo("audio/mpeg");
            assertThat(new String(content.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        }
        assertThat(permits.granted()).isZero();
        assertThat(client.openDownload(base.resolve("/missing"), "audio/mpeg", Set.of(404))).isEmpty();
    }
}
