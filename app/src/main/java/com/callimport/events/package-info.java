/**
 * Tells the rest of the product what happened to imported calls and imports: events written in the transaction of the
 * change (an outbox), delivered to the endpoints an organization registers, signed per Standard Webhooks, at least once
 * and in order per call, and readable as a feed with a durable cursor. See docs/adr/0019.
 */
package com.callimport.events;
