package com.callimport.web;

import com.callimport.events.EventFeed;
import com.callimport.organizations.OrganizationId;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event feed, for consumers that pull instead of taking webhooks, and the published call schema.
 */
@RestController
class EventsApi {
    static final String CALL_SCHEMA = "schemas/call-v1.schema.json";

    private final EventFeed feed;

    EventsApi(EventFeed feed) {
        this.feed = feed;
    }

    /**
     * @param events the events after {@code after}, oldest first
     * @param next   the cursor to pass as {@code after} next time: the last event's position, or {@code after} itself when none came
     */
    record FeedPage(List<EventFeed.FeedEvent> events, long next) {
    }

    /**
     * The organization's events after a position (0: from the beginning), in commit order; store {@code next} durably
     * and ask again with it. The same events as webhook deliveries, with the same ids.
     */
    @GetMapping("/api/events")
    FeedPage events(OrganizationId organization, @RequestParam(defaultValue = "0") long after,
                    @RequestParam(defaultValue = "100") int limit) {
        List<EventFeed.FeedEvent> events = feed.after(organization, after, limit);
        return new FeedPage(events, events.isEmpty() ? after : events.getLast().position());
    }

    /** The JSON Schema (2020-12) of a call as events carry it: the same shape for every source, phone or video. */
    @Hidden // public, beside the document that lists it as the CallV1 schema; see ApiDocumentation
    @GetMapping(value = "/v3/api-docs/schemas/call-v1.json", produces = "application/schema+json")
    ResponseEntity<byte[]> callSchema() throws IOException {
        try (InputStream schema = new ClassPathResource(CALL_SCHEMA).getInputStream()) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/schema+json")).body(schema.readAllBytes());
        }
    }
}
