/** Customers' connections to their vendor accounts: credentials (sealed), settings and health. */
package com.callimport.connections;
