/** Import previews for a real connection: the vendor's own count, the price quote and the timeline. */
package com.callimport.quotes;
