/**
 * The Grain connector: reads recordings, participants, transcripts and media through Grain's public
 * API v2 with a personal or workspace access token.
 */
package com.callimport.connectors.grain;
