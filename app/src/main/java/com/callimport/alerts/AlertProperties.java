package com.callimport.alerts;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert settings ({@code callimport.alerts.*}). The operator is trusted, so the webhook addresses and the signing secret
 * are properties; the secret is never logged ({@link #toString()}).
 *
 * @param evaluateInterval  how often each instance evaluates the rules; zero turns the evaluation off (tests call it)
 * @param stallAfter        a running import with no progress for this long has stalled
 * @param expiryWarning     how long before a grant ends its alert is raised
 * @param reminderInterval  an open alert is notified again at most this often
 * @param baselineDays      the days before the last whole day that make a connection's usual volume
 * @param minimumBaseline   the usual calls a day below which a drop is not alarming
 * @param dropShare         a day with at most this share of the usual calls is a drop (0.2: a fifth)
 * @param surgeFactor       a day with at least this many times the usual calls (and {@code minimumBaseline} more) is a
 *                          surge; failed calls in a day this many times their usual number are a spike
 * @param minimumFailedCalls failed calls in the last 24 hours below which no spike is reported
 * @param slackWebhookUrl   a Slack-compatible incoming webhook ({@code {"text": …}}); unset sends none
 * @param webhookUrl        an outbound webhook signed with the Standard Webhooks scheme; unset sends none
 * @param webhookSecret     its signing secret ({@code whsec_<base64>} or any text)
 */
@ConfigurationProperties("callimport.alerts")
public record AlertProperties(
        @DefaultValue("1m") Duration evaluateInterval,
        @DefaultValue("30m") Duration stallAfter,
        @DefaultValue("48h") Duration expiryWarning,
        @DefaultValue("24h") Duration reminderInterval,
        @DefaultValue("14") int baselineDays,
        @DefaultValue("10") int minimumBaseline,
        @DefaultValue("0.2") double dropShare,
        @DefaultValue("3") double surgeFactor,
        @DefaultValue("5") int minimumFailedCalls,
        URI slackWebhookUrl,
        URI webhookUrl,
        String webhookSecret) {

    public AlertProperties {
        if (evaluateInterval.isNegative()) {
            throw new IllegalArgumentException("callimport.alerts.evaluate-interval must be zero (off) or positive, not " + evaluateInterval);
        }
        if (baselineDays < 1 || baselineDays > 90) {
            throw new IllegalArgumentException("callimport.alerts.baseline-days must be 1 to 90, not " + baselineDays);
        }
        if (dropShare < 0 || dropShare >= 1) {
            throw new IllegalArgumentException("callimport.alerts.drop-share must be at least 0 and below 1, not " + dropShare);
        }
        if (surgeFactor <= 1) {
            throw new IllegalArgumentException("callimport.alerts.surge-factor must be above 1, not " + surgeFactor);
        }
        if (webhookUrl != null && (webhookSecret == null || webhookSecret.isBlank())) {
            throw new IllegalArgumentException("callimport.alerts.webhook-secret must be set with callimport.alerts.webhook-url: "
                    + "receivers check each alert's signature with it");
        }
    }

    @Override
    public String toString() {
        return "AlertProperties[every " + evaluateInterval + ", slack " + (slackWebhookUrl != null) + ", webhook " + webhookUrl
                + ", secret " + (webhookSecret == null ? "unset" : "[redacted]") + "]";
    }
}
