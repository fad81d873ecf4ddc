package com.callimport.alerts;

/** Why a connection has an alert; one open alert per connection and cause. */
public enum AlertCause {
    SYNC_FAILED("Calls stopped coming over"),
    RUN_STALLED("An import stopped making progress"),
    CREDENTIALS_REJECTED("Needs re-authentication"),
    CREDENTIALS_EXPIRING("Access will expire soon"),
    VOLUME_DROP("Far fewer calls than usual"),
    VOLUME_SURGE("Far more calls than usual"),
    FAILED_CALLS_SPIKE("Many calls failed to import"),
    COMPLETENESS_GAP("Calls missing from an import");

    private final String title;

    AlertCause(String title) {
        this.title = title;
    }

    /** What happened, in the customer's words: the subject of the email and the first words of a chat message. */
    public String title() {
        return title;
    }
}
