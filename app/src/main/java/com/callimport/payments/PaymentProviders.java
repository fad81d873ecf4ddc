package com.callimport.payments;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The configured providers by method; the card provider exists only when its keys are configured. */
@Component
public class PaymentProviders {
    private final Map<String, PaymentProvider> byMethod;

    PaymentProviders(List<PaymentProvider> providers) {
        this.byMethod = providers.stream().collect(Collectors.toUnmodifiableMap(PaymentProvider::method, Function.identity()));
    }

    public boolean has(String method) {
        return byMethod.containsKey(method);
    }

    public PaymentProvider get(String method) {
        PaymentProvider provider = byMethod.get(method);
        if (provider == null) {
            throw new PaymentProvider.PaymentRefused("Card payments are not set up on this service yet. Ask us to bill your "
                    + "invoice instead, or try again later.");
        }
        return provider;
    }
}
