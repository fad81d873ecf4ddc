/** Imported calls in one platform-neutral shape, written idempotently and read per organization. */
package com.callimport.calls;
