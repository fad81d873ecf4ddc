package com.callimport.offboarding;

import com.callimport.calls.CallStore;
import com.callimport.connections.Connection;
import com.callimport.connections.Connections;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.recordings.BlobStore;
import com.callimport.sync.SyncSchedules;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes an organization and everything it owns: its tokens stop first, then its imports and syncs end,
 * its recordings leave the blob store, and its rows (connections with their sealed credentials, runs,
 * calls, schedules) go in one transaction. Safe to repeat after a crash half-way: each step is idempotent.
 */
@Component
public class OrganizationDeletion {
    private static final Logger log = LoggerFactory.getLogger(OrganizationDeletion.class);

    private final Organizations organizations;
    private final Connections connections;
    private final ImportRuns runs;
    private final ImportControl imports;
    private final SyncSchedules syncs;
    private final CallStore calls;
    private final BlobStore blobs;

    OrganizationDeletion(Organizations organizations, Connections connections, ImportRuns runs, ImportControl imports,
                         SyncSchedules syncs, CallStore calls, BlobStore blobs) {
        this.organizations = organizations;
        this.connections = connections;
        this.runs = runs;
        this.imports = imports;
        this.syncs = syncs;
        this.calls = calls;
        this.blobs = blobs;
    }

    /** What was removed, for the operator's record. */
    public record Deleted(OrganizationId organization, int connections, int recordings) {
    }

    public Deleted delete(OrganizationId organization) throws InterruptedException, IOException {
        organizations.disable(organization);
        var owned = connections.list(organization);
        for (Connection connection : owned) {
            syncs.stopIfScheduled(organization, connection.id());
            for (ImportRun run : runs.list(organization, Optional.of(connection.id()))) {
                if (!run.state().isFinal()) {
                    imports.cancel(organization, run.id());
                }
            }
        }
        var keys = calls.recordingKeys(organization);
        for (String key : keys) {
            blobs.delete(key);
        }
        organizations.deleteRows(organization);
        log.info("Deleted organization {}: {} connections, {} recordings", organization, owned.size(), keys.size());
        return new Deleted(organization, owned.size(), keys.size());
    }
}
