package com.callimport.people;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.UUID;

/**
 * Someone who signs in to the web app, in exactly one organization. Never carries the password hash.
 * {@code staff} marks the operator's own people (CSMs, RevOps), who also see the staff console.
 */
public record Person(UUID id, OrganizationId organization, String email, Role role, boolean importEmails, Instant createdAt,
                     boolean staff) {
}
