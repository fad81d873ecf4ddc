/** The pricing model: free allowance, per-call price, volume tiers and per-platform overrides, with exact money. */
package com.callimport.pricing;
