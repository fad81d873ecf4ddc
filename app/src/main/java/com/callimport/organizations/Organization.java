package com.callimport.organizations;

import java.time.Instant;

/** A tenant; its plan decides its free import allowance. */
public record Organization(OrganizationId id, String name, String plan, Instant createdAt) {
}
