package com.callimport.imports;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Counts the vendor requests one worker of a run sends and adds them to the run at most once a second, and when the
 * worker closes it: the time left of a budget-bound run is estimated on requests made, which move while a page is in
 * flight, where its calls are counted only once the page is committed. Called from the connector's threads (a page's
 * downloads run in parallel).
 */
final class VendorRequestTally implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VendorRequestTally.class);
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    private final UUID runId;
    private final ImportRuns runs;
    private final Clock clock;
    private final AtomicLong unsaved = new AtomicLong();
    private final AtomicLong lastSavedAt;

    VendorRequestTally(UUID runId, ImportRuns runs, Clock clock) {
        this.runId = runId;
        this.runs = runs;
        this.clock = clock;
        this.lastSavedAt = new AtomicLong(clock.millis());
    }

    /** One request has its permit and is about to be sent. */
    void sent() {
        unsaved.incrementAndGet();
        long last = lastSavedAt.get();
        long now = clock.millis();
        if (now - last >= FLUSH_EVERY.toMillis() && lastSavedAt.compareAndSet(last, now)) {
            save();
        }
    }

    private void save() {
        long requests = unsaved.getAndSet(0);
        if (requests == 0) {
            return;
        }
        try {
            runs.addVendorRequests(runId, requests);
        } catch (DataAccessException unavailable) {
            // only the estimate depends on it: keep the requests for the next save rather than stop the import
            unsaved.addAndGet(requests);
            log.debug("Run {}: request tally not saved this time: {}", runId, unavailable.getMessage());
        }
    }

    @Override
    public void close() {
        save();
    }
}
