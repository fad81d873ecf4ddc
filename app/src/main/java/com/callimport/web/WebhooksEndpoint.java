package com.callimport.web;

import com.callimport.connector.InboundRequest;
import com.callimport.webhooks.WebhookInbox;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Vendors' webhook requests. No API token: each address is unguessable and its notifications must present the
 * subscription's verification token, which the inbox checks. Answers are tiny, as vendors demand of handshakes.
 */
@RestController
class WebhooksEndpoint {
    // a notification is a few kilobytes; anything far larger is not one
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final WebhookInbox inbox;

    WebhooksEndpoint(WebhookInbox inbox) {
        this.inbox = inbox;
    }

    @PostMapping("/webhooks/{addressId}")
    ResponseEntity<String> receive(@PathVariable String addressId, HttpServletRequest request) throws IOException {
        UUID address;
        try {
            address = UUID.fromString(addressId);
        } catch (IllegalArgumentException notOurs) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_PLAIN).body("no webhook subscription has this address");
        }
        return read(request, inbound -> inbox.receive(address, inbound, request.getRemoteAddr()));
    }

    /** Vendors that send every customer's events to one address of our app, signed with the app's secret. */
    @PostMapping("/webhooks/apps/{platform}")
    ResponseEntity<String> receiveForApp(@PathVariable String platform, HttpServletRequest request) throws IOException {
        return read(request, inbound -> inbox.receiveForApp(platform, inbound, request.getRemoteAddr()));
    }

    private ResponseEntity<String> read(HttpServletRequest request, java.util.function.Function<InboundRequest, WebhookInbox.Reply> inbox)
            throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return ResponseEntity.status(413).contentType(MediaType.TEXT_PLAIN).body("a notification is at most 256 KiB");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        WebhookInbox.Reply reply = inbox.apply(new InboundRequest(headers, body));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(reply.status())
                .contentType(reply.json() ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN);
        reply.headers().forEach(answer::header);
        return answer.body(reply.message());
    }
}
