/**
 * Checkout and the billing ledger (ADR 0020): the free allowance consumed once, quotes frozen when accepted, a hold
 * taken before a billable import starts and captured for the calls that landed, and every movement of money recorded
 * once in minor units of the currency.
 */
package com.callimport.billing;
