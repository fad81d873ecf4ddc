package com.callimport.calls;

import com.callimport.organizations.OrganizationId;
import java.util.UUID;

/**
 * A stored call was imported or changed (new content, a recording fetched later, a transcript made by us). Published
 * synchronously inside the transaction of the write, so that a listener records its consequences atomically with it.
 *
 * @param what IMPORTED or UPDATED, never UNCHANGED
 * @param why  what changed, in a few words ("content", "recording", "transcript")
 */
public record CallChanged(OrganizationId organization, UUID callId, CallWrite what, String why) {
}
