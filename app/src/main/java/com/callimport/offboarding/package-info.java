/** Removing an organization and everything it owns, in the database, the blob store and at vendors. */
package com.callimport.offboarding;
