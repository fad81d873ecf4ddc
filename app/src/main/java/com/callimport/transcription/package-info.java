/**
 * Transcription of calls that arrive without a usable transcript, behind a provider interface; the
 * decision to reuse the vendor's transcript or transcribe is made per call and recorded with its reason.
 */
package com.callimport.transcription;
