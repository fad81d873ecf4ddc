package com.callimport.connector.testkit;

import com.callimport.connector.RequestPermits;

import java.util.concurrent.atomic.AtomicLong;

/** A gate that never waits and counts how often it was passed, to compare with the requests a simulator received. */
public final class CountingPermits implements RequestPermits {
    private final AtomicLong granted = new AtomicLong();

    @Override
    public void awaitPermit() {
        granted.incrementAndGet();
    }

    public long granted() {
        return granted.get();
    }

    public void reset() {
        granted.set(0);
    }
}
