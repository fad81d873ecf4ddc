/**
 * Health alerts about connections: rules evaluated on every instance find failures, stalls, credentials that are or will
 * be refused, unusual call volumes and completeness gaps; one open alert per connection and cause, notified once by email
 * and to the operator's webhooks, reminded at most daily, resolved on its own when the cause clears.
 */
package com.callimport.alerts;
