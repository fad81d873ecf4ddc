package com.callimport.payments.stripe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code callimport.payments.stripe.*}: card payments exist only when {@code api-key} is set.
 *
 * @param apiKey           the secret API key (never logged, never returned)
 * @param webhookSecret    the endpoint's signing secret ({@code whsec_…}) for {@code /webhooks/payments/card}
 * @param apiBase          the API's address; only tests and sandboxes change it
 * @param webhookTolerance how old a signed delivery may be before it is refused as a replay
 */
@ConfigurationProperties("callimport.payments.stripe")
public record StripeProperties(String apiKey, String webhookSecret, @DefaultValue("https://api.stripe.com") String apiBase,
                               @DefaultValue("5m") Duration webhookTolerance, @DefaultValue("10s") Duration timeout) {
    @Override
    public String toString() {
        return "StripeProperties[apiBase=" + apiBase + ", apiKey=" + (apiKey == null ? "unset" : "(set)") + "]";
    }
}
