/** Benchmarks that run the whole engine against vendor simulators and print figures; never part of the tests. */
package com.callimport.bench;
