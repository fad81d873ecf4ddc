package com.callimport.connections;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A connection without its secrets. {@code visibleCredentials} holds the values of the connector's
 * non-secret credential fields only (e.g. a customer-specific API address).
 */
public record Connection(
        UUID id,
        OrganizationId organization,
        String platform,
        String name,
        Map<String, String> visibleCredentials,
        Map<String, String> settings,
        ConnectionStatus status,
        String statusDetail,
        Instant checkedAt,
        Instant createdAt) {
}
