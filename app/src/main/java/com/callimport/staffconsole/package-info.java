/**
 * What the staff console reads across every organization: each connection's health, the import history with its
 * success and failure rates, and the job queue's figures. Read models only; actions go through the features' own
 * services (imports, people) and are recorded in {@code staff}'s audit log by the web layer.
 */
package com.callimport.staffconsole;
