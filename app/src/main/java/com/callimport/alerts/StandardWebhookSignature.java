package com.callimport.alerts;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Standard Webhooks signature (standardwebhooks.com) of an alert notice, made by the scheme's own Java library as
 * the events' deliveries are. A secret written {@code whsec_<base64>} is the base64-decoded key, as Svix and the
 * scheme's libraries read it; any other text an operator configures is its UTF-8 bytes.
 */
final class StandardWebhookSignature {
    private final Webhook webhook;

    StandardWebhookSignature(String secret) {
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        try {
            this.webhook = new Webhook(key);
        } catch (EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("callimport.alerts: the webhook signing secret is empty", e);
        }
    }

    String sign(String id, long timestampSeconds, String body) {
        try {
            return webhook.sign(id, timestampSeconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("could not sign an alert notice", e);
        }
    }

    @Override
    public String toString() {
        return "StandardWebhookSignature[redacted]";
    }
}
