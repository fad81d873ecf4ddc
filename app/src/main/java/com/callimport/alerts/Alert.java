package com.callimport.alerts;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert as stored: open while {@code resolvedAt} is null.
 *
 * @param notifications how many times it was notified (the first notice and each reminder)
 */
public record Alert(UUID id, OrganizationId organization, UUID connectionId, AlertCause cause, String detail, String fixPath,
                    Instant openedAt, Instant lastNotifiedAt, int notifications, Instant resolvedAt) {

    public boolean open() {
        return resolvedAt == null;
    }
}
