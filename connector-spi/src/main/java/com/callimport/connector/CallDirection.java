package com.callimport.connector;

/** Who placed the call, as the vendor reports it. */
public enum CallDirection {
    INBOUND, OUTBOUND, CONFERENCE, UNKNOWN
}
