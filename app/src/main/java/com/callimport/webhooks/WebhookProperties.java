package com.callimport.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook settings ({@code callimport.webhooks.*}).
 *
 * @param publicUrl       the address vendors reach this service at (HTTPS in production), e.g.
 *                        {@code https://imports.example.com}; without it near real-time sync cannot be chosen
 * @param replayTolerance how old a notification may be; older ones are refused as replays, and the record of
 *                        seen deliveries is kept twice as long
 * @param fetchRetryDelays how long to wait before asking the vendor again for calls a notification named but
 *                        its call log does not show yet, one delay per further attempt
 * @param fetchConcurrency how many notifications one instance fetches at once
 * @param fetchBatchWindow how long the notifications of one connection are gathered before they are fetched together
 *                        (one read of the vendor's call log for a burst); zero fetches each at once
 * @param appSecrets      per platform id, the secret of our app's registration at a vendor that signs every delivery with
 *                        it (the secret token of the app's event subscription); from the environment, never in code
 */
@ConfigurationProperties("callimport.webhooks")
public record WebhookProperties(
        URI publicUrl,
        @DefaultValue("1h") Duration replayTolerance,
        @DefaultValue({"2s", "5s", "15s", "30s", "60s", "120s", "300s"}) List<Duration> fetchRetryDelays,
        @DefaultValue("8") int fetchConcurrency,
        @DefaultValue("1s") Duration fetchBatchWindow,
        Map<String, String> appSecrets) {

    public WebhookProperties {
        if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException("callimport.webhooks.public-url must be an absolute http(s) address such as "
                    + "https://imports.example.com, not '" + publicUrl + "'");
        }
        fetchRetryDelays = List.copyOf(fetchRetryDelays);
        appSecrets = appSecrets == null ? Map.of() : Map.copyOf(appSecrets);
        if (fetchConcurrency < 1) {
            throw new IllegalArgumentException("callimport.webhooks.fetch-concurrency must be at least 1, not " + fetchConcurrency);
        }
        if (fetchBatchWindow.isNegative()) {
            throw new IllegalArgumentException("callimport.webhooks.fetch-batch-window must be zero or positive, not " + fetchBatchWindow);
        }
        if (replayTolerance.isNegative() || replayTolerance.isZero()) {
            throw new IllegalArgumentException("callimport.webhooks.replay-tolerance must be positive, not " + replayTolerance);
        }
    }

    /** The app secret configured for a platform, if any. */
    public Optional<String> appSecret(String platform) {
        return Optional.ofNullable(appSecrets.get(platform)).filter(secret -> !secret.isBlank());
    }

    @Override
    public String toString() {
        return "WebhookProperties[" + publicUrl + ", app secrets for " + appSecrets.keySet() + "]";
    }
}
