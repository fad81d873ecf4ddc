/** The sandbox: the real service wired to a simulated vendor, for trying an import without a vendor account. */
package com.callimport.sandbox;
