/**
 * The Gong connector: reads calls, participants, transcripts and recordings through Gong's public
 * API v2 with a customer's access key, at the customer's own API base URL.
 */
package com.callimport.connectors.gong;
