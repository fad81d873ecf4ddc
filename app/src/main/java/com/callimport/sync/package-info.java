/**
 * Ongoing sync: recurring passes over a connection's newest calls, from the end of the last successful
 * run less the connector's lookback, run as ordinary import runs so they share the pipeline, the
 * counts and the crash safety.
 */
package com.callimport.sync;
