package com.callimport.payments.stripe;

import com.callimport.payments.PaymentChanged;
import com.callimport.payments.PaymentProvider;
import com.callimport.payments.PaymentState;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Card payments on Stripe: a hosted Checkout Session whose PaymentIntent only authorizes ({@code capture_method=manual}),
 * captured later for the calls delivered. Every request carries an idempotency key, so Stripe answers a retried or
 * double-clicked request with the first one's result. Webhooks are verified with Stripe's signature scheme, each event
 * id applied once, and treated as a hint: the session's state is then read from the API, never from the event, so a
 * reordered delivery cannot move a payment backwards.
 */
@Component
@ConditionalOnProperty("callimport.payments.stripe.api-key")
class StripeCardPayments implements PaymentProvider {
    private static final Logger log = LoggerFactory.getLogger(StripeCardPayments.class);

    private final StripeClient stripe;
    private final StripeProperties properties;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    StripeCardPayments(StripeProperties properties, ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.stripe = StripeClient.builder()
                .setApiKey(properties.apiKey())
                .setApiBase(properties.apiBase())
                .setConnectTimeout((int) properties.timeout().toMillis())
                .setReadTimeout((int) properties.timeout().toMillis())
                .setMaxNetworkRetries(2)
                .build();
    }

    @Override
    public String method() {
        return "card";
    }

    @Override
    public Started start(PaymentRequest request) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(request.returnTo().toString())
                .setCancelUrl(request.cancelTo().toString())
                .setClientReferenceId(request.key())
                .putMetadata("payment_key", request.key())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(request.currency().getCurrencyCode().toLowerCase(java.util.Locale.ROOT))
                                .setUnitAmount(request.amountMinor())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(request.description()).build())
                                .build())
                        .build())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .setCaptureMethod(SessionCreateParams.PaymentIntentData.CaptureMethod.MANUAL)
                        .putMetadata("payment_key", request.key())
                        .build())
                .build();
        try {
            Session session = stripe.v1().checkout().sessions().create(params, key("start-" + request.key()));
            return new Started(session.getId(), Optional.ofNullable(session.getUrl()).map(URI::create), stateOf(session));
        } catch (CardException | InvalidRequestException refused) {
            throw new PaymentRefused("The card payment could not be opened: " + refused.getStripeError().getMessage());
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public PaymentState state(String reference) {
        try {
            return stateOf(stripe.v1().checkout().sessions().retrieve(reference));
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    private PaymentState stateOf(Session session) throws StripeException {
        long amount = session.getAmountTotal() == null ? 0 : session.getAmountTotal();
        PaymentIntent intent = session.getPaymentIntent() == null ? null
                : stripe.v1().paymentIntents().retrieve(session.getPaymentIntent());
        Optional<String> problem = Optional.ofNullable(intent).map(PaymentIntent::getLastPaymentError)
                .map(error -> error.getMessage() == null ? "The card was declined." : error.getMessage());
        if ("expired".equals(session.getStatus())) {
            return new PaymentState(PaymentState.Status.CANCELLED, 0, 0, problem);
        }
        if (intent == null || "open".equals(session.getStatus())) {
            return new PaymentState(PaymentState.Status.PENDING, 0, 0, problem);
        }
        return switch (intent.getStatus()) {
            case "requires_capture" -> PaymentState.of(PaymentState.Status.AUTHORIZED, intent.getAmountCapturable(), 0);
            case "succeeded" -> PaymentState.of(PaymentState.Status.CAPTURED, amount, intent.getAmountReceived());
            case "canceled" -> new PaymentState(PaymentState.Status.CANCELLED, 0, 0, problem);
            default -> new PaymentState(PaymentState.Status.PENDING, 0, 0, problem);
        };
    }

    @Override
    public void capture(String reference, long amountMinor, String key) {
        try {
            Session session = stripe.v1().checkout().sessions().retrieve(reference);
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(session.getPaymentIntent());
            if (!"requires_capture".equals(intent.getStatus())) {
                return; // captured or let go already (a retry after a crash)
            }
            if (amountMinor == 0) {
                stripe.v1().paymentIntents().cancel(intent.getId(), key("release-" + key));
                return;
            }
            stripe.v1().paymentIntents().capture(intent.getId(),
                    PaymentIntentCaptureParams.builder().setAmountToCapture(amountMinor).build(), key("capture-" + key));
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void release(String reference, String key) {
        try {
            Session session = stripe.v1().checkout().sessions().retrieve(reference);
            if ("open".equals(session.getStatus())) {
                stripe.v1().checkout().sessions().expire(reference, key("expire-" + key));
            } else if (session.getPaymentIntent() != null) {
                PaymentIntent intent = stripe.v1().paymentIntents().retrieve(session.getPaymentIntent());
                if ("requires_capture".equals(intent.getStatus())) {
                    stripe.v1().paymentIntents().cancel(intent.getId(), key("release-" + key));
                }
            }
        } catch (StripeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public WebhookReply receive(byte[] body, Function<String, String> header) {
        String signature = header.apply("Stripe-Signature");
        if (properties.webhookSecret() == null || properties.webhookSecret().isBlank()) {
            return new WebhookReply(404, "card webhooks are not configured");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature == null ? "" : signature, properties.webhookSecret(),
                    properties.webhookTolerance().toSeconds(), clock);
        } catch (SignatureVerificationException forged) {
            log.warn("card webhook refused: {}", forged.getMessage());
            return new WebhookReply(400, "signature does not verify");
        } catch (RuntimeException unreadable) {
            return new WebhookReply(400, "not an event");
        }
        Boolean seen = jdbc.sql("SELECT EXISTS (SELECT 1 FROM payment_events WHERE provider = 'card' AND event_id = ?)")
                .param(event.getId()).query(Boolean.class).single();
        if (seen) {
            return new WebhookReply(200, "already processed");
        }
        sessionOf(event).ifPresent(session -> events.publishEvent(new PaymentChanged(method(), session)));
        // recorded only once applied: a failure above answers 500 and Stripe delivers the event again
        jdbc.sql("INSERT INTO payment_events (provider, event_id, received_at) VALUES ('card', ?, ?) ON CONFLICT DO NOTHING")
                .params(event.getId(), Instant.now(clock).atOffset(java.time.ZoneOffset.UTC)).update();
        return new WebhookReply(200, "ok");
    }

    /** The Checkout Session an event is about; events of other objects are not ours to act on. */
    private static Optional<String> sessionOf(Event event) {
        if (event.getType() == null || !event.getType().startsWith("checkout.session.")) {
            return Optional.empty();
        }
        JsonElement data = JsonParser.parseString(event.getDataObjectDeserializer().getRawJson());
        return Optional.of(data).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                .map(object -> object.get("id")).filter(id -> id != null && id.isJsonPrimitive()).map(JsonElement::getAsString);
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private static PaymentUnavailable unavailable(StripeException e) {
        String what = e instanceof ApiConnectionException ? "could not be reached" : "answered " + e.getStatusCode();
        return new PaymentUnavailable("The card payment service " + what + "; nothing was charged. Try again in a minute.", e);
    }
}
