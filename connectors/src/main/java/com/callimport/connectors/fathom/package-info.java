/**
 * The Fathom connector: reads meetings, invitees, transcripts and recordings through Fathom's External
 * API with a user's API key; recordings come through Fathom's asynchronous download API.
 */
package com.callimport.connectors.fathom;
