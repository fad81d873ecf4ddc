package com.callimport.alerts;

import com.callimport.organizations.OrganizationId;
import java.util.UUID;

/**
 * What one rule found about one connection in one evaluation.
 *
 * @param detail  what happened, with figures, in the customer's words
 * @param fixPath the page of this service where the customer fixes it (e.g. the reconnect link), a path starting with /
 */
record Finding(OrganizationId organization, UUID connectionId, AlertCause cause, String detail, String fixPath) {
    Finding {
        if (!fixPath.startsWith("/")) {
            throw new IllegalArgumentException("fixPath must be a path of this service, not " + fixPath);
        }
    }
}
