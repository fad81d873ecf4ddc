package com.callimport.organizations;

import java.time.Instant;

/** A tenant; its plan decides its free import allowance. A disabled organization's tokens are refused. */
public record Organization(OrganizationId id, String name, String plan, Instant createdAt, Instant disabledAt) {
    public boolean disabled() {
        return disabledAt != null;
    }
}
