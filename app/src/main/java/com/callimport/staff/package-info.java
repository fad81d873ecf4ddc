/**
 * What the operator's staff (CSMs, RevOps) do across organizations, kept in an audit log. Who is staff is
 * {@code people}' business; the staff console's pages are the web layer's.
 */
package com.callimport.staff;
