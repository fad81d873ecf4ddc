package com.callimport.payments;

/**
 * A provider learnt (from a verified webhook) that one of its payments may have changed; listeners ask the provider
 * for the payment's {@link PaymentState} rather than trusting the notice, so a replayed or reordered notice changes
 * nothing that is not true.
 */
public record PaymentChanged(String method, String reference) {
}
