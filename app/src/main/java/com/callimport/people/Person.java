package com.callimport.people;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.UUID;

/** Someone who signs in to the web app, in exactly one organization. Never carries the password hash. */
public record Person(UUID id, OrganizationId organization, String email, Role role, boolean importEmails, Instant createdAt) {
}
