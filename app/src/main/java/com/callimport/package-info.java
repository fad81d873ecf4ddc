/**
 * The Call Import Engine service: brings a customer's calls in from the platforms they used before
 * through connectors, durably and idempotently. Top-level packages are its modules.
 */
package com.callimport;
