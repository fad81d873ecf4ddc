package com.callimport.payments;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sales-assisted customers: no card, the amount goes on their next invoice. A "hold" is only our promise to bill at
 * most the quote; capture records the line for the invoice. The reference is derived from the key, so a retry is the
 * same payment.
 */
@Component
class InvoicePayments implements PaymentProvider {
    @Override
    public String method() {
        return "invoice";
    }

    @Override
    public Started start(PaymentRequest request) {
        String reference = "inv_" + UUID.nameUUIDFromBytes(request.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Started(reference, Optional.empty(), PaymentState.of(PaymentState.Status.AUTHORIZED, request.amountMinor(), 0));
    }

    @Override
    public PaymentState state(String reference) {
        // nothing waits on the customer: an invoice payment is authorized from its start, and the ledger is the invoice
        return PaymentState.of(PaymentState.Status.AUTHORIZED, 0, 0);
    }

    @Override
    public void capture(String reference, long amountMinor, String key) {
        // the ledger's PAYMENT entry is the invoice line
    }

    @Override
    public void release(String reference, String key) {
    }
}
