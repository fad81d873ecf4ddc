package com.callimport.ratelimits;

import java.time.Duration;

/** Waits; injected so that tests can observe a wait instead of sitting through it. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
