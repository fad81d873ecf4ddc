package com.callimport.connections;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.UUID;

/**
 * A connection works again: a test or a new sign-in reached the vendor after the connection was untested, refused or
 * unreachable. Published inside the transaction that recorded it; failures from before {@code at} no longer describe it.
 */
public record ConnectionRestored(OrganizationId organization, UUID connectionId, Instant at) {
}
