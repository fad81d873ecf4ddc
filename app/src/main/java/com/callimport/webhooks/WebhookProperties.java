package com.callimport.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
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
 */
@ConfigurationProperties("callimport.webhooks")
public record WebhookProperties(
        URI publicUrl,
        @DefaultValue("1h") Duration replayTolerance,
        @DefaultValue({"2s", "5s", "15s", "30s", "60s", "120s", "300s"}) List<Duration> fetchRetryDelays,
        @DefaultValue("8") int fetchConcurrency,
        @DefaultValue("1s") Duration fetchBatchWindow) {

    public WebhookProperties {
        if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException("callimport.webhooks.public-url must be an absolute http(s) address such as "
                    + "https://imports.example.com, not '" + publicUrl + "'");
        }
        fetchRetryDelays = List.copyOf(fetchRetryDelays);
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
}
