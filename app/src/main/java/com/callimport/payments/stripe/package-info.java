/** The card provider on Stripe: hosted Checkout Sessions with a manual-capture hold, signed webhooks (ADR 0020). */
package com.callimport.payments.stripe;
