/**
 * Payment providers behind one interface: a hold on the customer's card taken at checkout and captured for what was
 * delivered, or an invoice for sales-assisted customers. Providers know nothing of imports or the ledger; they
 * announce a change of a payment with {@link com.callimport.payments.PaymentChanged}.
 */
package com.callimport.payments;
