/**
 * Import runs: a backfill of one connection over a date window, split into slices that durable jobs
 * work through page by page, each page committed together with its checkpoint and exact counts.
 */
package com.callimport.imports;
