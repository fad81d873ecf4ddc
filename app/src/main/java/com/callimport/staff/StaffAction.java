package com.callimport.staff;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One recorded staff action: who did what, to which organization (if one), when, and the detail. */
public record StaffAction(long id, Optional<UUID> staffUserId, String staffEmail, String action,
                          Optional<OrganizationId> organization, String detail, Instant at) {
}
