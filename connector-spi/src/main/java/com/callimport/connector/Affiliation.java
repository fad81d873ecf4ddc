package com.callimport.connector;

/** Whether a participant belongs to the customer's company. */
public enum Affiliation {
    INTERNAL, EXTERNAL, UNKNOWN
}
