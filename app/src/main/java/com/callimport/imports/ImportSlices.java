package com.callimport.imports;

import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The slices of runs and their checkpoints. */
@Component
class ImportSlices {
    private final JdbcClient jdbc;
    private final Clock clock;

    ImportSlices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<ImportSlice> find(UUID id) {
        return jdbc.sql("SELECT * FROM import_slices WHERE id = ?")
                .param(id)
                .query((rs, row) -> new ImportSlice(
                        rs.getObject("id", UUID.class),
                        rs.getObject("run_id", UUID.class),
                        new DateWindow(rs.getTimestamp("window_from").toInstant(), rs.getTimestamp("window_to").toInstant()),
                        ImportSlice.SliceState.valueOf(rs.getString("state")),
                        new Checkpoint(rs.getString("position")),
                        rs.getInt("pages_done")))
                .optional();
    }

    List<UUID> pending(UUID runId) {
        return jdbc.sql("SELECT id FROM import_slices WHERE run_id = ? AND state = 'PENDING' ORDER BY window_from")
                .param(runId)
                .query(UUID.class)
                .list();
    }

    /**
     * Advances the slice past a page, inside the page's transaction. False when another worker already
     * advanced it from the same position: the caller must roll the page back.
     */
    boolean advance(ImportSlice slice, Optional<Checkpoint> next, String worker) {
        return jdbc.sql("""
                UPDATE import_slices SET position = ?, pages_done = pages_done + 1, state = ?, worker = ?,
                    workers = CASE WHEN ? = ANY(workers) THEN workers ELSE array_append(workers, ?) END, updated_at = ?
                WHERE id = ? AND pages_done = ? AND state = 'PENDING'""")
                .params(next.map(Checkpoint::value).orElse(slice.position().value()),
                        next.isPresent() ? "PENDING" : "DONE", worker, worker, worker,
                        Instant.now(clock).atOffset(ZoneOffset.UTC), slice.id(), slice.pagesDone())
                .update() == 1;
    }

    /** Whether the run has its slices; a run created without a count gets them once counted. */
    boolean planned(UUID runId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM import_slices WHERE run_id = ?)").param(runId).query(Boolean.class).single();
    }

    long unfinished(UUID runId) {
        return jdbc.sql("SELECT count(*) FROM import_slices WHERE run_id = ? AND state <> 'DONE'")
                .param(runId)
                .query(Long.class)
                .single();
    }

    /** Every worker that committed a page of the run; more than one shows that instances shared it. */
    List<String> workers(UUID runId) {
        return jdbc.sql("SELECT DISTINCT w FROM import_slices, unnest(workers) AS w WHERE run_id = ? ORDER BY w")
                .param(runId)
                .query(String.class)
                .list();
    }
}
