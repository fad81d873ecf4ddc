package com.callimport.web;

import com.callimport.payments.PaymentProviders;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Payment providers' webhooks, one address per method; the provider verifies the signature and applies each event once. */
@RestController
class PaymentWebhooksEndpoint {
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final PaymentProviders providers;

    PaymentWebhooksEndpoint(PaymentProviders providers) {
        this.providers = providers;
    }

    @PostMapping("/webhooks/payments/{method}")
    ResponseEntity<String> receive(@PathVariable String method, HttpServletRequest request) throws IOException {
        if (!providers.has(method)) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_PLAIN).body("no payment method " + method + " here");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ResponseEntity.status(413).contentType(MediaType.TEXT_PLAIN).body("an event is at most 256 KiB");
        }
        var reply = providers.get(method).receive(body, request::getHeader);
        return ResponseEntity.status(reply.status()).contentType(MediaType.TEXT_PLAIN).body(reply.message());
    }
}
