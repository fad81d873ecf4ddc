/** Recording storage: streamed to a blob store with bounded memory, checksummed, published atomically. */
package com.callimport.recordings;
