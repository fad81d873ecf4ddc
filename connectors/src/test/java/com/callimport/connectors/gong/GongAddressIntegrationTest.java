package com.callimport.connectors.gong;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.SourceCall;
import com.callimport.connector.testkit.CountingPermits;
import com.callimport.connector.testkit.ManualClock;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gong is reached only at Gong's addresses, and a server that is not Gong never passes for it. */
@Timeout(20)
class GongAddressIntegrationTest {
    private static final DateWindow WINDOW =
            new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-07T00:00:00Z"));
    private static final ManualClock CLOCK = new ManualClock(WINDOW.to().plus(Duration.ofHours(2)));
    private static final AtomicReference<Integer> status = new AtomicReference<>();
    private static final AtomicReference<String> body = new AtomicReference<>();
    private static HttpServer stranger;
    private static GongSimulator gong;

    private final GongConnector connector = new GongConnector();
    private final CountingPermits permits = new CountingPermits();

    @BeforeAll
    static void start() throws IOException {
        gong = GongSimulator.start(CLOCK);
        stranger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        stranger.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        stranger.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        stranger.start();
    }

    @AfterAll
    static void stop() {
        stranger.stop(0);
        gong.close();
    }

    private static URI strangerAddress() {
        return URI.create("http://127.0.0.1:" + stranger.getAddress().getPort());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "404|<html><h1>Not Found</h1>internal-build-7f3a</html>",
            "404|{\"detail\":\"internal-build-7f3a\"}",
            "200|<html><title>Router admin</title>internal-build-7f3a</html>",
            "200|{\"status\":\"internal-build-7f3a\"}",
            "500|<html>internal-build-7f3a</html>"})
    void aConnectionTestAgainstAServerThatIsNotGongFailsWithCheckTheAddressAndNoneOfItsText(int answer, String page) {
        status.set(answer);
        body.set(page);
        ConnectionContext context = new ConnectionContext(GongCredentialsFixture.accepted(), Map.of(), Optional.of(strangerAddress()),
                Duration.ofSeconds(5), permits, CLOCK);
        try (CallSource source = connector.open(context)) {
            assertThatThrownBy(source::verifyAccess).isInstanceOf(ConnectorException.class)
                    .hasMessageNotContaining("internal-build-7f3a")
                    .satisfies(failure -> {
                        if (answer < 500) {
                            assertThat(failure).isInstanceOf(ConnectorException.UnexpectedResponse.class)
                                    .hasMessageContaining("did not answer like the Gong API; check the address");
                        }
                    });
        }
    }

    @Test
    void refusesAStoredCustomerAddressThatIsNotGongsEvenWhenTheCredentialsAreOtherwiseRight() {
        var credentials = new java.util.HashMap<>(GongCredentialsFixture.accepted().values());
        credentials.put(GongConnector.BASE_URL, com.callimport.connector.Secret.of(gong.baseUrl().toString()));
        ConnectionContext context = new ConnectionContext(new com.callimport.connector.Credentials(credentials), Map.of(),
                Optional.empty(), Duration.ofSeconds(5), permits, CLOCK);
        long before = gong.apiRequestsReceived();
        try (CallSource source = connector.open(context)) {
            assertThatThrownBy(source::verifyAccess).hasMessageContaining("check the address");
        }
        assertThat(gong.apiRequestsReceived()).isEqualTo(before);
    }

    @Test
    void refusesAMediaLinkOnAHostGongDoesNotKeepMediaOn() throws Exception {
        gong.reset();
        gong.seed(5, WINDOW, 42);
        gong.handOutMediaLinksOn(strangerAddress());
        try (CallSource source = connector.open(GongCredentialsFixture.context(gong, Map.of(), permits, CLOCK))) {
            CallPage page = source.fetchPage(WINDOW, Checkpoint.START);
            SourceCall call = page.calls().stream().filter(listed -> listed.recording().isPresent()).findFirst().orElseThrow();
            assertThatThrownBy(() -> source.openRecording(call).close())
                    .isInstanceOf(ConnectorException.UnexpectedResponse.class)
                    .hasMessageContaining("refused to download media from 127.0.0.1");
        } finally {
            gong.reset();
        }
    }
}
