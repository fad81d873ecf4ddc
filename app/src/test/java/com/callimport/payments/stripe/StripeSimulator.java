package com.callimport.payments.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's API as the card provider uses it, in-process: Checkout Sessions whose PaymentIntent only authorizes
 * ({@code capture_method=manual}), retrieve, expire, capture with {@code amount_to_capture}, cancel; form-encoded
 * requests, Stripe-shaped JSON and errors, idempotency keys answered with the first response, and a hosted payment
 * page a browser is sent to. Test card {@code 4242 4242 4242 4242} is authorized, {@code 4000 0000 0000 0002} declined
 * ({@code card_declined}), as Stripe documents. Events are sent to the registered endpoint signed as Stripe signs them
 * ({@code Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")}); a delivery that fails is kept for redelivery.
 */
public final class StripeSimulator implements AutoCloseable {
    public static final String API_KEY = "sk_test_simulator";
    public static final String WEBHOOK_SECRET = "whsec_simulator";
    public static final String GOOD_CARD = "4242424242424242";
    public static final String DECLINED_CARD = "4000000000000002";

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Map<String, Object>> sessions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Map<String, String[]> idempotent = new ConcurrentHashMap<>();
    private final java.util.Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Delivery> undelivered = new CopyOnWriteArrayList<>();
    private final List<Delivery> delivered = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Delivery> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile URI webhookEndpoint;
    private volatile boolean down;

    /** A signed event as sent: replay it, or send it out of order, with {@link #post}. */
    public record Delivery(String type, String payload, String signature) {
    }

    private StripeSimulator(HttpServer server) {
        this.server = server;
    }

    public static StripeSimulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StripeSimulator simulator = new StripeSimulator(server);
            server.createContext("/", simulator::handle);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where events go, e.g. {@code http://127.0.0.1:port/webhooks/payments/card}. */
    public void sendEventsTo(URI endpoint) {
        this.webhookEndpoint = endpoint;
    }

    public void reset() {
        sessions.clear();
        intents.clear();
        idempotent.clear();
        requests.clear();
        undelivered.clear();
        delivered.clear();
        pending.clear();
        down = false;
    }

    /** Answers every API request with a 500, as during an outage. */
    public void down(boolean down) {
        this.down = down;
    }

    /** "POST /v1/checkout/sessions" and the like, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public int sessionsCreated() {
        return sessions.size();
    }

    public Map<String, Object> session(String id) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sessions.get(id)));
    }

    public Map<String, Object> intentOf(String sessionId) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(intents.get((String) sessions.get(sessionId).get("payment_intent"))));
    }

    public List<Delivery> delivered() {
        return List.copyOf(delivered);
    }

    public List<Delivery> undelivered() {
        return List.copyOf(undelivered);
    }

    /** The customer pays on the hosted page: true when the card was authorized. Events go out before this returns. */
    public boolean pay(String sessionId, String card) {
        boolean paid = payOnPage(sessionId, card);
        flushEvents();
        return paid;
    }

    /** Stripe's retries: sends every failed delivery again, in order; the ones that fail again stay. */
    public void redeliverUndelivered() {
        List<Delivery> again = List.copyOf(undelivered);
        undelivered.clear();
        again.forEach(delivery -> send(delivery));
    }

    /** Posts a delivery as given (replayed, reordered or forged); the endpoint's status code. */
    public int post(String payload, String signature) {
        try {
            HttpRequest request = HttpRequest.newBuilder(webhookEndpoint).header("Content-Type", "application/json; charset=utf-8")
                    .header("Stripe-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Signs a payload as Stripe does, at a given time. */
    public static String sign(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the API

    private void handle(HttpExchange exchange) throws IOException {
        try {
            answer(exchange);
        } finally {
            exchange.close();
            // sent after the answer and outside the lock, as Stripe sends them: the receiver may call the API back at once
            flushEvents();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.startsWith("/pay/")) {
            hostedPage(exchange, method, path.substring("/pay/".length()), form(body));
            return;
        }
        requests.add(method + " " + path);
        if (down) {
            error(exchange, 500, "api_error", "simulated outage");
            return;
        }
        if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            error(exchange, 401, "invalid_request_error", "Invalid API Key provided");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (method.equals("POST") && key != null && !inFlight.add(key)) {
            // Stripe refuses a request whose key another request is still using, saving nothing; stripe-java retries it
            error(exchange, 409, "invalid_request_error", "There is currently another in-progress request using this idempotency key");
            return;
        }
        try {
            answerOnce(exchange, method, path, body, key);
        } finally {
            if (key != null) {
                inFlight.remove(key);
            }
        }
    }

    private void answerOnce(HttpExchange exchange, String method, String path, String body, String key) throws IOException {
        if (method.equals("POST") && key != null) {
            String[] earlier = idempotent.get(key);
            if (earlier != null) {
                if (!earlier[0].equals(path)) {
                    error(exchange, 400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters");
                    return;
                }
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
                respond(exchange, Integer.parseInt(earlier[1]), earlier[2]);
                return;
            }
        }
        String[] answer;
        synchronized (this) {
            answer = api(method, path, form(body));
            if (method.equals("POST") && key != null) {
                idempotent.put(key, new String[]{path, answer[0], answer[1]});
            }
        }
        respond(exchange, Integer.parseInt(answer[0]), answer[1]);
    }

    private String[] api(String method, String path, Map<String, String> form) {
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("/v1/checkout/sessions")) {
            return createSession(form);
        }
        if (path.startsWith("/v1/checkout/sessions/") && parts.length >= 5) {
            Map<String, Object> session = sessions.get(parts[4]);
            if (session == null) {
                return notFound("checkout.session", parts[4]);
            }
            if (method.equals("GET") && parts.length == 5) {
                return ok(session);
            }
            if (method.equals("POST") && parts.length == 6 && parts[5].equals("expire")) {
                if (!"open".equals(session.get("status"))) {
                    return failure(400, "invalid_request_error", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
                }
                session.put("status", "expired");
                Map<String, Object> intent = intents.get((String) session.get("payment_intent"));
                intent.put("status", "canceled");
                event("checkout.session.expired", session);
                return ok(session);
            }
        }
        if (path.startsWith("/v1/payment_intents/") && parts.length >= 4) {
            Map<String, Object> intent = intents.get(parts[3]);
            if (intent == null) {
                return notFound("payment_intent", parts[3]);
            }
            if (method.equals("GET") && parts.length == 4) {
                return ok(intent);
            }
            if (method.equals("POST") && parts.length == 5 && parts[4].equals("capture")) {
                if (!"requires_capture".equals(intent.get("status"))) {
                    return failure(400, "invalid_request_error", "This PaymentIntent could not be captured because it has a status of "
                            + intent.get("status") + ".");
                }
                long capturable = (Long) intent.get("amount_capturable");
                long amount = form.containsKey("amount_to_capture") ? Long.parseLong(form.get("amount_to_capture")) : capturable;
                if (amount > capturable || amount <= 0) {
                    return failure(400, "invalid_request_error", "amount_to_capture must be between 1 and " + capturable);
                }
                intent.put("status", "succeeded");
                intent.put("amount_received", amount);
                intent.put("amount_capturable", 0L);
                event("payment_intent.succeeded", intent);
                return ok(intent);
            }
            if (method.equals("POST") && parts.length == 5 && parts[4].equals("cancel")) {
                if ("succeeded".equals(intent.get("status")) || "canceled".equals(intent.get("status"))) {
                    return failure(400, "invalid_request_error", "You cannot cancel this PaymentIntent because it has a status of "
                            + intent.get("status") + ".");
                }
                intent.put("status", "canceled");
                intent.put("amount_capturable", 0L);
                event("payment_intent.canceled", intent);
                return ok(intent);
            }
        }
        return failure(404, "invalid_request_error", "Unrecognized request URL (" + method + ": " + path + ").");
    }

    private String[] createSession(Map<String, String> form) {
        for (String required : List.of("mode", "success_url", "cancel_url", "line_items[0][price_data][unit_amount]",
                "line_items[0][price_data][currency]", "line_items[0][quantity]")) {
            if (!form.containsKey(required)) {
                return failure(400, "invalid_request_error", "Missing required param: " + required + ".");
            }
        }
        if (!"manual".equals(form.get("payment_intent_data[capture_method]"))) {
            return failure(400, "invalid_request_error", "the simulator only answers manual-capture sessions");
        }
        long amount = Long.parseLong(form.get("line_items[0][price_data][unit_amount]")) * Long.parseLong(form.get("line_items[0][quantity]"));
        String currency = form.get("line_items[0][price_data][currency]");
        String sessionId = "cs_test_" + ids.incrementAndGet() + "a" + Long.toHexString(System.nanoTime());
        String intentId = "pi_" + ids.incrementAndGet() + "a" + Long.toHexString(System.nanoTime());
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("id", intentId);
        intent.put("object", "payment_intent");
        intent.put("amount", amount);
        intent.put("amount_capturable", 0L);
        intent.put("amount_received", 0L);
        intent.put("capture_method", "manual");
        intent.put("currency", currency);
        intent.put("status", "requires_payment_method");
        intent.put("last_payment_error", null);
        intent.put("livemode", false);
        intent.put("metadata", metadata(form, "payment_intent_data[metadata]"));
        intents.put(intentId, intent);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", sessionId);
        session.put("object", "checkout.session");
        session.put("mode", "payment");
        session.put("status", "open");
        session.put("payment_status", "unpaid");
        session.put("amount_total", amount);
        session.put("currency", currency);
        session.put("client_reference_id", form.get("client_reference_id"));
        session.put("success_url", form.get("success_url"));
        session.put("cancel_url", form.get("cancel_url"));
        session.put("payment_intent", intentId);
        session.put("url", baseUrl() + "/pay/" + sessionId);
        session.put("created", Instant.now().getEpochSecond());
        session.put("expires_at", Instant.now().plusSeconds(86400).getEpochSecond());
        session.put("livemode", false);
        session.put("metadata", metadata(form, "metadata"));
        session.put("description", form.get("line_items[0][price_data][product_data][name]"));
        sessions.put(sessionId, session);
        return ok(session);
    }

    // ---- the hosted page

    private void hostedPage(HttpExchange exchange, String method, String sessionId, Map<String, String> form) throws IOException {
        Map<String, Object> session = sessions.get(sessionId);
        if (session == null) {
            respondHtml(exchange, 404, page("Not found", "<p>This payment page does not exist.</p>"));
            return;
        }
        if (method.equals("GET")) {
            respondHtml(exchange, 200, paymentForm(session, null));
            return;
        }
        boolean paid = payOnPage(sessionId, form.getOrDefault("card", "").replace(" ", ""));
        if (paid) {
            String success = ((String) session.get("success_url")).replace("{CHECKOUT_SESSION_ID}", sessionId);
            exchange.getResponseHeaders().add("Location", success);
            exchange.sendResponseHeaders(303, -1);
        } else {
            respondHtml(exchange, 402, paymentForm(session, "Your card was declined. Try another card, or go back."));
        }
    }

    private synchronized boolean payOnPage(String sessionId, String card) {
        Map<String, Object> session = sessions.get(sessionId);
        Map<String, Object> intent = intents.get((String) session.get("payment_intent"));
        if (!"open".equals(session.get("status"))) {
            return "complete".equals(session.get("status"));
        }
        if (card.equals(GOOD_CARD)) {
            intent.put("status", "requires_capture");
            intent.put("amount_capturable", intent.get("amount"));
            intent.put("last_payment_error", null);
            session.put("status", "complete");
            session.put("payment_status", "unpaid"); // authorized only: Stripe reports "unpaid" until captured
            event("payment_intent.amount_capturable_updated", intent);
            event("checkout.session.completed", session);
            return true;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "card_error");
        error.put("code", "card_declined");
        error.put("decline_code", "generic_decline");
        error.put("message", "Your card was declined.");
        intent.put("last_payment_error", error);
        intent.put("status", "requires_payment_method");
        event("payment_intent.payment_failed", intent);
        return false;
    }

    private String paymentForm(Map<String, Object> session, String problem) {
        long amount = (Long) session.get("amount_total");
        String total = String.format("%s %d.%02d", ((String) session.get("currency")).toUpperCase(), amount / 100, amount % 100);
        return page("Pay " + total, (problem == null ? "" : "<p role=\"alert\" class=\"problem\">" + problem + "</p>")
                + "<p>" + escape(String.valueOf(session.get("description"))) + "</p><p>Authorize <strong>" + total + "</strong>.</p>"
                + "<form method=\"post\"><label for=\"card\">Card number</label> <input id=\"card\" name=\"card\" autocomplete=\"cc-number\">"
                + " <button type=\"submit\">Pay " + total + "</button></form>"
                + "<p><a href=\"" + escape((String) session.get("cancel_url")) + "\">Back</a></p>");
    }

    private static String page(String title, String content) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width\"></head><body><main><h1>" + title + "</h1>" + content
                + "</main></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    // ---- events

    private void event(String type, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + ids.incrementAndGet() + "a" + Long.toHexString(System.nanoTime()));
        event.put("object", "event");
        event.put("api_version", "2025-09-30.clover");
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("type", type);
        event.put("data", Map.of("object", new LinkedHashMap<>(object)));
        String payload = json.writeValueAsString(event);
        pending.add(new Delivery(type, payload, ""));
    }

    private void flushEvents() {
        Delivery next;
        while ((next = pending.poll()) != null) {
            if (webhookEndpoint != null) {
                send(next);
            }
        }
    }

    private void send(Delivery delivery) {
        // Stripe signs each attempt anew
        Delivery attempt = new Delivery(delivery.type(), delivery.payload(),
                sign(delivery.payload(), WEBHOOK_SECRET, Instant.now().getEpochSecond()));
        int status = post(attempt.payload(), attempt.signature());
        if (status >= 200 && status < 300) {
            delivered.add(attempt);
        } else {
            undelivered.add(attempt);
        }
    }

    // ---- plumbing

    private static Map<String, String> metadata(Map<String, String> form, String prefix) {
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith(prefix + "[")) {
                metadata.put(name.substring(prefix.length() + 1, name.length() - 1), value);
            }
        });
        return metadata;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private String[] ok(Map<String, Object> object) {
        return new String[]{"200", json.writeValueAsString(object)};
    }

    private String[] notFound(String object, String id) {
        return failure(404, "invalid_request_error", "No such " + object + ": '" + id + "'");
    }

    private String[] failure(int status, String type, String message) {
        return new String[]{String.valueOf(status), json.writeValueAsString(Map.of("error", Map.of("type", type, "message", message)))};
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        String[] answer = failure(status, type, message);
        respond(exchange, status, answer[1]);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_" + System.nanoTime());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void respondHtml(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
