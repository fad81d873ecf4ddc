/**
 * Vendor rate budgets shared by every job and every instance that uses the same vendor account,
 * kept in PostgreSQL by Bucket4j.
 */
package com.callimport.ratelimits;
