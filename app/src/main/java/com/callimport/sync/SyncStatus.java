package com.callimport.sync;

import com.callimport.webhooks.WebhookStatus;

import java.time.Instant;

/**
 * A connection's ongoing sync as a customer or CSM reads it.
 *
 * @param state          ACTIVE, PAUSED, NEEDS_REAUTHENTICATION or FAILING
 * @param lastSuccessAt  when the last pass (or the initial backfill) finished successfully
 * @param callsTotal     calls this connection has brought in, all runs together
 * @param callsLastSync  calls the last successful pass imported or updated
 * @param nextSyncAt     when the next scheduled pass starts; null while paused
 * @param lastError      why the latest pass did not succeed, if it did not
 * @param remediation    what the customer can do about it
 * @param webhook        the vendor subscription of a near real-time sync; null for hourly and daily
 */
public record SyncStatus(String connectionId, String state, SyncFrequency frequency, Instant lastSuccessAt, long callsTotal,
                         Long callsLastSync, Instant nextSyncAt, String lastError, String remediation,
                         WebhookStatus webhook) {
}
