/** Runs PostgreSQL inside the service when no external database is configured, keeping its data across restarts. */
package com.callimport.embeddedpostgres;
