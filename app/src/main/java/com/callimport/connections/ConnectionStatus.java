package com.callimport.connections;

/** A connection's health as last observed. */
public enum ConnectionStatus {
    /** Created, not yet tested. */
    UNTESTED,
    /** The last test or import reached the vendor with these credentials. */
    ACTIVE,
    /** The vendor refused the credentials: the customer must act (see the status detail). */
    NEEDS_ATTENTION,
    /** The vendor could not be reached on the last attempt; nothing for the customer to do yet. */
    UNREACHABLE
}
