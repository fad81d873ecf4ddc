package com.callimport.testfixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polls for an outcome of asynchronous work (jobs, other processes), failing with what was last seen. */
public final class Await {
    private Await() {
    }

    public static <T> T until(Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(timeout);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                String seen = String.valueOf(last);
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: "
                        + (seen.length() > 2_000 ? seen.substring(0, 2_000) + "…" : seen));
            }
            try {
                Thread.sleep(200); // polling another thread's or process's progress, not waiting on time itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }
}
