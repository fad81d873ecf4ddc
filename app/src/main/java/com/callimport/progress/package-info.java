/**
 * Live progress of import runs for people following them: one poll of PostgreSQL per run and instance, shared
 * by every follower of that run here, so progress is live whichever instance runs the job.
 */
package com.callimport.progress;
