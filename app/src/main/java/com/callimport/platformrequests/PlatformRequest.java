package com.callimport.platformrequests;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One organization asking for a platform we do not support.
 *
 * @param requestedBy      the person who asked, when a person did
 * @param requestedByEmail how staff reach them
 * @param note             what they told us, e.g. how many calls they have there
 */
public record PlatformRequest(UUID id, OrganizationId organization, String platform, Optional<UUID> requestedBy,
                              String requestedByEmail, Optional<String> note, Instant requestedAt) {
}
