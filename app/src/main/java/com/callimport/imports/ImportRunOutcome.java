package com.callimport.imports;

import com.callimport.organizations.OrganizationId;
import java.time.Instant;
import java.util.UUID;

/**
 * A run reached an outcome its customer should hear about: it completed (SUCCEEDED), failed (FAILED), or the
 * engine paused it until they act (PAUSED: refused credentials, a vendor that stayed away) — not a pause they asked
 * for. Published inside the transaction that moved the run, so that a listener may record it atomically with
 * the move; {@code eventId} is the run's event-log entry for the move, unique per outcome.
 */
public record ImportRunOutcome(OrganizationId organization, UUID runId, long eventId, ImportRunState state, String reason,
                               Instant at) {
}
