package com.callimport.payments;

import java.net.URI;
import java.util.Currency;
import java.util.Optional;

/**
 * One way of taking a customer's money, in two steps: {@link #start} puts a hold for at most the quoted amount (the
 * customer may have to confirm it on the provider's own page), then {@link #capture} takes the amount actually owed,
 * at most the hold, or {@link #release} lets it go. Called from request threads and background jobs of any instance;
 * every call is idempotent by the key it is given, so a retry after a crash or a double click does the thing once.
 */
public interface PaymentProvider {

    /** The method's name as stored with each payment: {@code card} or {@code invoice}. */
    String method();

    /**
     * Opens a payment for {@code request.amountMinor()}. The same {@code request.key()} answers the same payment.
     *
     * @throws PaymentRefused when the provider refuses the request (the message says what to do)
     */
    Started start(PaymentRequest request);

    /** Asks the provider where the payment stands now: the truth after a restart, a lost webhook or a reordered one. */
    PaymentState state(String reference);

    /** Takes {@code amountMinor} (at most what is held) and lets the rest of the hold go. */
    void capture(String reference, long amountMinor, String key);

    /** Lets the whole hold go, or closes a payment page the customer left: no money moves. */
    void release(String reference, String key);

    /**
     * @param key         idempotency key: the same key, the same payment
     * @param amountMinor the hold, in the currency's minor units
     * @param returnTo    where the provider sends the customer's browser once they have paid
     * @param cancelTo    where it sends them when they give up or the card is declined
     */
    record PaymentRequest(String key, String organization, long amountMinor, Currency currency, String description,
                          URI returnTo, URI cancelTo) {
        public PaymentRequest {
            if (amountMinor <= 0) {
                throw new IllegalArgumentException("a payment is for more than nothing; got " + amountMinor);
            }
        }
    }

    /** @param confirmAt the provider's page where the customer confirms the payment, if they must */
    record Started(String reference, Optional<URI> confirmAt, PaymentState state) {
    }

    /**
     * A webhook delivery to this provider's address ({@code /webhooks/payments/{method}}); the provider verifies it,
     * applies each event once and announces changed payments with {@link PaymentChanged}.
     *
     * @param header a request header by name, or null
     */
    default WebhookReply receive(byte[] body, java.util.function.Function<String, String> header) {
        return new WebhookReply(404, "this payment method takes no webhooks");
    }

    record WebhookReply(int status, String message) {
    }

    /** The provider cannot be reached or failed; nothing was decided, the same call may be tried again. */
    final class PaymentUnavailable extends RuntimeException {
        public PaymentUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The provider refused to open the payment; the message is for the customer. */
    final class PaymentRefused extends RuntimeException {
        public PaymentRefused(String message) {
            super(message);
        }
    }
}
