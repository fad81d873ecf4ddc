/**
 * Import emails: when a run completes, fails, or is paused until its customer acts, the person who started it is
 * told once, with the exact counts, what to do, and a link back to the run.
 */
package com.callimport.importemails;
