/** Shared test fixtures: the real PostgreSQL every integration test uses, API clients and assertions. */
package com.callimport.testfixtures;
