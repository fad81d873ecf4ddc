package com.callimport.events;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer of events on loopback, as a customer would write one: it verifies every delivery with the Standard Webhooks
 * library (not with our code) and keeps what it got. It can go down (the port refuses connections), come back on the same
 * port, answer with a status of our choosing, or answer slowly.
 */
final class EventReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One delivery as received, in arrival order, with whether the library verified its signature. */
    record Received(int arrival, String webhookId, String timestamp, String signature, String body, boolean verified) {
        JsonNode payload() {
            return JSON.readTree(body);
        }

        String type() {
            return payload().get("type").asString();
        }

        /** The call an event is about, or null for a run's or a connection's event. */
        String callId() {
            JsonNode call = payload().get("data").get("call");
            return call == null ? null : call.get("id").asString();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    private volatile String secret;
    private volatile int status = 204;
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;

    private EventReceiver() {
    }

    static EventReceiver start() {
        EventReceiver receiver = new EventReceiver();
        receiver.up();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + boundPort + "/events";
    }

    void useSecret(String signingSecret) {
        this.secret = signingSecret;
    }

    void answer(int status) {
        this.status = status;
    }

    void answerAfter(Duration delay) {
        this.delay = delay;
    }

    private int boundPort = 0;

    /** Listens (again, on the same port after {@link #down()}). */
    synchronized void up() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), boundPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boundPort = server.getAddress().getPort();
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean verified;
            try {
                new Webhook(secret).verify(body, exchange.getRequestHeaders());
                verified = true;
            } catch (Exception e) {
                verified = false;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int answer = status;
            if (answer >= 200 && answer < 300) {
                received.add(new Received(arrivals.incrementAndGet(), exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"), exchange.getRequestHeaders().getFirst("webhook-signature"),
                        body, verified));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    /** Stops listening: connections to the port are refused until {@link #up()}. */
    synchronized void down() {
        server.stop(0);
        server = null;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Checks a delivery the way a consumer does, with the library; throws when it is forged, altered or too old. */
    void verify(String body, Map<String, List<String>> headers) throws Exception {
        new Webhook(secret).verify(body, headers);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
