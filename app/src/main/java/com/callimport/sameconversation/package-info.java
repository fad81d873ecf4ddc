/**
 * Recognises one conversation brought by two sources (two recorders in one meeting, two dialers during a migration) and
 * links the later call to the earlier one, with the evidence, so that the product hears of the conversation once.
 */
package com.callimport.sameconversation;
