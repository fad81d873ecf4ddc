/**
 * Webhooks in: the vendor subscriptions of near real-time connections (created, renewed before they lapse,
 * recreated when the vendor drops them) and the inbox their notifications land in. A notification is
 * authenticated by the token the vendor echoes, refused when replayed, and only ever triggers a fetch of the
 * calls it names; the scheduled pass of the connection's sync stays on as the safety net.
 */
package com.callimport.webhooks;
