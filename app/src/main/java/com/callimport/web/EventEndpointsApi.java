package com.callimport.web;

import com.callimport.events.EventEndpoints;
import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The addresses an organization's events are delivered to (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature} headers, signed with the endpoint's secret, shown once), the log of deliveries, and replays.
 * Event types: call.imported, call.updated, import.completed, import.failed, sync.failing; a call's {@code data.call}
 * follows the schema at /v3/api-docs/schemas/call-v1.json.
 */
@RestController
@RequestMapping("/api/event-endpoints")
class EventEndpointsApi {
    private final EventEndpoints endpoints;

    EventEndpointsApi(EventEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * @param url         where events are POSTed; https and a public address (see docs/security.md)
     * @param eventTypes  the types to receive; omitted or empty for all
     */
    record NewEndpoint(String url, String description, List<String> eventTypes) {
    }

    record Replayed(int deliveries) {
    }

    @GetMapping
    List<EventEndpoints.Endpoint> list(OrganizationId organization) {
        return endpoints.list(organization);
    }

    /** The new endpoint's signing secret is in {@code signingSecret}, shown this once; it is stored sealed. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    EventEndpoints.Registered register(OrganizationId organization, @RequestBody NewEndpoint request) {
        return endpoints.register(organization, request.url(), request.description(), request.eventTypes());
    }

    @GetMapping("/{id}")
    EventEndpoints.Endpoint get(OrganizationId organization, @PathVariable UUID id) {
        return endpoints.get(organization, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(OrganizationId organization, @PathVariable UUID id) {
        endpoints.delete(organization, id);
    }

    /** Turns a disabled endpoint on again; events that waited for it go out at once. */
    @PostMapping("/{id}/enable")
    EventEndpoints.Endpoint enable(OrganizationId organization, @PathVariable UUID id) {
        return endpoints.enable(organization, id);
    }

    /** Stops deliveries to it; its events are kept and go out when it is enabled again. */
    @PostMapping("/{id}/disable")
    EventEndpoints.Endpoint disable(OrganizationId organization, @PathVariable UUID id) {
        return endpoints.disable(organization, id);
    }

    /** @param state PENDING, DELIVERED or FAILED; all when omitted */
    @GetMapping("/{id}/deliveries")
    List<EventEndpoints.Delivery> deliveries(OrganizationId organization, @PathVariable UUID id,
                                             @RequestParam(required = false) String state,
                                             @RequestParam(defaultValue = "100") int limit) {
        return endpoints.deliveries(organization, id, state, limit);
    }

    @GetMapping("/{id}/deliveries/{deliveryId}/attempts")
    List<EventEndpoints.Attempt> attempts(OrganizationId organization, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        return endpoints.attempts(organization, id, deliveryId);
    }

    /** Sends one delivery again, now; it keeps its webhook-id, so a consumer that already has it can tell. */
    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    EventEndpoints.Delivery replay(OrganizationId organization, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        return endpoints.replay(organization, id, deliveryId);
    }

    /**
     * Sends again every delivery made since a time, e.g. after the consumer lost data or after an outage.
     *
     * @param since      an instant such as 2026-03-01T00:00:00Z
     * @param onlyFailed only those whose every attempt failed
     */
    @PostMapping("/{id}/replay")
    Replayed replaySince(OrganizationId organization, @PathVariable UUID id, @RequestParam(required = false) Instant since,
                         @RequestParam(defaultValue = "false") boolean onlyFailed) {
        return new Replayed(endpoints.replaySince(organization, id, since, onlyFailed));
    }
}
