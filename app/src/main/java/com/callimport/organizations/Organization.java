package com.callimport.organizations;

import java.time.Instant;

public record Organization(OrganizationId id, String name, Instant createdAt) {
}
