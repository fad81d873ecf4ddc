/**
 * Tells the rest of the product what happened to imported calls and imports: events written in the transaction of the
 * change (an outbox), delivered to the endpoints an organization registers, signed per Standard Webhooks, at least once
 * and in order per call, and readable as a feed with a durable cursor; kept for a retention once no endpoint waits for
 * them. See docs/adr/0019 and 0022.
 */
package com.callimport.events;
