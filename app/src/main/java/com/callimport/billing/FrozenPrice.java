package com.callimport.billing;

import com.callimport.pricing.PricingProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

/**
 * The price steps of a quote as accepted: what each billable call of the import costs, whatever the price list says
 * later. Amounts follow the quote's arithmetic exactly: each step's calls times its unit price, rounded half-up to the
 * currency's minor unit, then added.
 */
record FrozenPrice(List<Step> steps, Currency currency) {

    record Step(long fromCall, BigDecimal unitPrice) {
    }

    FrozenPrice {
        if (steps.isEmpty() || steps.getFirst().fromCall() != 1) {
            throw new IllegalArgumentException("a price starts at the first billable call; got " + steps);
        }
        steps = List.copyOf(steps);
    }

    static FrozenPrice of(List<PricingProperties.Tier> schedule, Currency currency) {
        return new FrozenPrice(schedule.stream().map(tier -> new Step(tier.fromCall(), tier.pricePerCall())).toList(), currency);
    }

    /** The amount for {@code billable} calls, in minor units. */
    long amountMinor(long billable) {
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < steps.size(); i++) {
            long first = steps.get(i).fromCall();
            long last = i + 1 < steps.size() ? steps.get(i + 1).fromCall() - 1 : Long.MAX_VALUE;
            long inStep = Math.max(0, Math.min(billable, last) - first + 1);
            total = total.add(steps.get(i).unitPrice().multiply(BigDecimal.valueOf(inStep))
                    .setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP));
        }
        return total.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
    }

    /** e.g. {@code 1:0.10;1001:0.08} */
    String encode() {
        return String.join(";", steps.stream().map(step -> step.fromCall() + ":" + step.unitPrice().toPlainString()).toList());
    }

    static FrozenPrice decode(String text, Currency currency) {
        return new FrozenPrice(Arrays.stream(text.split(";")).map(step -> step.split(":"))
                .map(parts -> new Step(Long.parseLong(parts[0]), new BigDecimal(parts[1]))).toList(), currency);
    }
}
