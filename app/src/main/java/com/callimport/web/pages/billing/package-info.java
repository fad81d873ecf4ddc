/** Checkout of a billable import, the organization's billing page, and the staff console's view of every ledger. */
package com.callimport.web.pages.billing;
