package com.callimport.connectors.http;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connector.testkit.CountingPermits;
import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests reach only the declared vendor hosts or the operator's override, and replies never echo a stranger's body. */
@Timeout(20)
class VendorHostsEnforcementIntegrationTest {
    private static final String PAGE = "<html><body>internal admin console: secret-token-123</body></html>";
    private static final VendorHosts HOSTS = new VendorHosts(List.of(HostPattern.anyUnder("api.vendor.example")),
            List.of(HostPattern.exactly("media.vendor.example")));
    private static final AtomicInteger received = new AtomicInteger();
    private static HttpServer server;
    private static URI base;

    private final CountingPermits permits = new CountingPermits();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        reply("/page", 200, Map.of(), PAGE);
        reply("/missing-page", 404, Map.of(), PAGE);
        reply("/teapot", 418, Map.of(), "{\"status\":\"short and stout\",\"secret\":\"secret-token-123\"}");
        reply("/vendor-error", 400, Map.of(), "{\"errors\":[\"fromDateTime is invalid\"]}");
        reply("/oauth-error", 400, Map.of(), "{\"error\":\"invalid_grant\",\"error_description\":\"Token is revoked\"}");
        reply("/redirect-out", 302, Map.of("Location", "https://attacker.example/steal"), "");
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void countAfresh() {
        received.set(0);
    }

    private static void reply(String path, int status, Map<String, String> headers, String body) {
        server.createContext(path, exchange -> {
            try (exchange) {
                received.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
    }

    private VendorHttpClient client(Optional<URI> operatorOverride) {
        return new VendorHttpClient(new HttpTransport(HOSTS), new ConnectionContext(new Credentials(Map.of()), Map.of(),
                operatorOverride, Duration.ofSeconds(2), permits, Clock.systemUTC()), json, "Vendor", (status, errors) -> "ask");
    }

    private static JsonReply get(VendorHttpClient client, URI uri) throws Exception {
        return client.exchangeJson(HttpMethod.GET, uri, Map.of("Authorization", "Basic c2VjcmV0"), null, Set.of());
    }

    @Test
    void refusesAnApiRequestToAnAddressOutsideTheVendorsHostsBeforeSendingIt() {
        VendorHttpClient client = client(Optional.empty());
        for (String address : List.of(base + "/page", "http://2130706433/page", "https://127.0.0.1/page", "ftp://us-1.api.vendor.example/x",
                "http://us-1.api.vendor.example/x", "https://us-1.api.vendor.example:8443/x", "https://evil.example/x")) {
            assertThatThrownBy(() -> get(client, URI.create(address))).as(address)
                    .isInstanceOf(ConnectorException.UnexpectedResponse.class)
                    .hasMessageContaining("not Vendor's API address (https://<something>.api.vendor.example); check the address");
        }
        assertThat(received).hasValue(0);
        assertThat(permits.granted()).isZero();
    }

    @Test
    void refusesAVendorHostWhoseNameResolvesToThisServicesOwnNetworkAtConnectTime() {
        // a name server that answers loopback for the vendor's host, as a rebinding attacker's would
        DnsResolver rebinding = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[]{InetAddress.getLoopbackAddress()};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        VendorHttpClient client = new VendorHttpClient(new HttpTransport(HOSTS, rebinding), new ConnectionContext(new Credentials(Map.of()),
                Map.of(), Optional.empty(), Duration.ofSeconds(2), permits, Clock.systemUTC()), json, "Vendor", (status, errors) -> "ask");
        assertThatThrownBy(() -> get(client, URI.create("https://us-1.api.vendor.example:443/page")))
                .isInstanceOf(ConnectorException.UnexpectedResponse.class)
                .hasMessageContaining("us-1.api.vendor.example resolves to an address on a private or special-purpose network");
        assertThat(received).hasValue(0);
    }

    @Test
    void letsTheOperatorsOverrideBeHttpOnLoopbackAndNothingElseOnThatHost() throws Exception {
        VendorHttpClient client = client(Optional.of(base));
        assertThatThrownBy(() -> get(client, URI.create(base + "/page"))).isInstanceOf(ConnectorException.UnexpectedResponse.class);
        assertThat(received).hasValue(1);
        URI otherPort = URI.create("http://127.0.0.1:" + (server.getAddress().getPort() == 1 ? 2 : 1) + "/page");
        assertThatThrownBy(() -> get(client, otherPort)).hasMessageContaining("check the address");
        assertThat(received).hasValue(1);
    }

    @Test
    void answersWithAPlainSentenceAndNoBodyTextWhenTheServerIsNotTheVendor() {
        VendorHttpClient client = client(Optional.of(base));
        for (String path : List.of("/page", "/missing-page", "/teapot")) {
            assertThatThrownBy(() -> get(client, URI.create(base + path))).as(path)
                    .isInstanceOf(ConnectorException.UnexpectedResponse.class)
                    .hasMessageContaining("the server at 127.0.0.1 did not answer like the Vendor API; check the address")
                    .hasMessageNotContaining("secret-token-123").hasMessageNotContaining("html").hasMessageNotContaining("stout");
        }
    }

    @Test
    void passesOnTheVendorsOwnErrorMessages() {
        VendorHttpClient client = client(Optional.of(base));
        assertThatThrownBy(() -> get(client, URI.create(base + "/vendor-error")))
                .hasMessageContaining("Vendor answered HTTP 400: fromDateTime is invalid");
        assertThatThrownBy(() -> get(client, URI.create(base + "/oauth-error")))
                .hasMessageContaining("Vendor answered HTTP 400: Token is revoked");
    }

    @Test
    void downloadsMediaOnlyFromTheDeclaredStorageHosts() {
        VendorHttpClient client = client(Optional.empty());
        for (String address : List.of("https://attacker.example/a.mp3", "http://media.vendor.example/a.mp3", "https://169.254.169.254/latest",
                "https://us-1.api.vendor.example/a.mp3", base + "/page")) {
            assertThatThrownBy(() -> client.openDownload(URI.create(address), "audio/mpeg", Set.of())).as(address)
                    .isInstanceOf(ConnectorException.UnexpectedResponse.class)
                    .hasMessageContaining("refused to download media from").hasMessageContaining("media.vendor.example");
        }
        assertThat(received).hasValue(0);
    }

    @Test
    void handsAnApiRedirectBackUnfollowedSoThatOnlyTheStorageCheckDecidesWhereItGoes() throws Exception {
        VendorHttpClient client = client(Optional.of(base));
        MediaReply reply = client.openApiMedia(URI.create(base + "/redirect-out"), Map.of("Authorization", "Basic c2VjcmV0"),
                "audio/mpeg", Set.of());
        assertThat(reply).isEqualTo(new MediaReply.Redirected(URI.create("https://attacker.example/steal")));
        assertThatThrownBy(() -> client.openDownload(((MediaReply.Redirected) reply).location(), "audio/mpeg", Set.of()))
                .hasMessageContaining("refused to download media from attacker.example");
        assertThat(received).hasValue(1);
    }
}
