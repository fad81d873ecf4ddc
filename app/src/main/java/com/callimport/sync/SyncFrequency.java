package com.callimport.sync;

/**
 * How often a connection's ongoing sync runs; each is a JobRunr recurring job with this cron. Near real-time
 * sync imports each call when the vendor's webhook says it ended, and keeps an hourly pass as the safety net
 * for notifications that never came.
 */
public enum SyncFrequency {
    NEAR_REAL_TIME("7 * * * *"),
    HOURLY("7 * * * *"),
    DAILY("17 3 * * *");

    // off the hour, so that many connections do not all start at :00
    private final String cron;

    SyncFrequency(String cron) {
        this.cron = cron;
    }

    public String cron() {
        return cron;
    }

    public static SyncFrequency parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("frequency: choose NEAR_REAL_TIME, HOURLY or DAILY");
        }
        try {
            return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("frequency: '" + value + "' is not one of NEAR_REAL_TIME, HOURLY, DAILY");
        }
    }
}
