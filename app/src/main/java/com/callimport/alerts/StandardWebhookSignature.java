package com.callimport.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com): {@code webhook-signature: v1,<base64 HMAC-SHA256(secret,
 * "<webhook-id>.<webhook-timestamp>.<body>")>}. A secret written {@code whsec_<base64>} is the base64-decoded key, as
 * Svix and the scheme's own libraries read it; any other text is its UTF-8 bytes.
 */
final class StandardWebhookSignature {
    private final byte[] key;

    StandardWebhookSignature(String secret) {
        this.key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK signs with HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "StandardWebhookSignature[redacted]";
    }
}
