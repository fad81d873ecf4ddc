package com.callimport.sync;

/** How often a connection's ongoing sync runs; each is a JobRunr recurring job with this cron. */
public enum SyncFrequency {
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
            throw new IllegalArgumentException("frequency: choose HOURLY or DAILY");
        }
        if (value.equalsIgnoreCase("NEAR_REAL_TIME")) {
            throw new IllegalArgumentException("frequency: near real-time sync needs vendor webhooks, which this engine does not "
                    + "receive yet; choose HOURLY or DAILY");
        }
        try {
            return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("frequency: '" + value + "' is not one of HOURLY, DAILY");
        }
    }
}
