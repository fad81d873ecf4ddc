package com.callimport.connector;

/** What a connector can bring over or do. The catalogue publishes these and the contract suite verifies them. */
public enum Capability {
    /** Title, start, duration, direction and the vendor's raw metadata. */
    METADATA,
    /** Participants with name, email or phone and affiliation. */
    PARTICIPANTS,
    /** Transcript segments with speaker and millisecond offsets. */
    TRANSCRIPTS,
    /** The call's audio or video recording. */
    RECORDINGS,
    /** A one-off import of a past date window. */
    HISTORICAL_BACKFILL,
    /** Recurring incremental sync from a high-water mark. */
    ONGOING_SYNC,
    /** Vendor push notifications that trigger a sync. */
    WEBHOOKS
}
