package com.callimport.imports;

/**
 * Thrown into a run's work when the run stopped being RUNNING (paused, cancelled, failed elsewhere): an
 * interruption, so that it passes unchanged through connectors, retries and waits, which all honour one.
 */
final class RunStopped extends InterruptedException {
    RunStopped(String state) {
        super("the run is " + state + "; its work stops before the next vendor request");
    }
}
