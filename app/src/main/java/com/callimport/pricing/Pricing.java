package com.callimport.pricing;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Prices an import: the organization's remaining free allowance first, then the platform's price steps. */
@Component
public class Pricing {
    private final PriceList prices;

    public Pricing(PriceList prices) {
        this.prices = prices;
    }

    /** The quote for an exact count of calls that the connection's settings all let through. */
    public PriceQuote quote(String platform, String plan, long calls, long freeCallsUsed, long alreadyImported,
                            List<String> unknownExclusions) {
        return quote(platform, plan, calls, false, freeCallsUsed, alreadyImported, List.of(), unknownExclusions);
    }

    /**
     * @param platform          whose price steps apply
     * @param plan              the organization's plan, for its free allowance
     * @param calls             the calls the import will bring over (the excluded ones already taken off)
     * @param atLeast           whether {@code calls} is only a lower bound; the quote then says "at least"
     * @param freeCallsUsed     calls the organization imported before, which used up its allowance
     * @param alreadyImported   calls of this window the organization holds already (re-imports are free)
     * @param excluded          calls the connection's settings leave out, with their counts and reasons
     * @param unknownExclusions further reasons some calls will not be billed, counted only during the import
     */
    public PriceQuote quote(String platform, String plan, long calls, boolean atLeast, long freeCallsUsed, long alreadyImported,
                            List<PriceQuote.NotBilled> excluded, List<String> unknownExclusions) {
        if (calls < 0 || freeCallsUsed < 0 || alreadyImported < 0) {
            throw new IllegalArgumentException("call counts cannot be negative");
        }
        List<PriceQuote.NotBilled> notBilled = new ArrayList<>(excluded);
        long duplicates = Math.min(alreadyImported, calls);
        if (duplicates > 0) {
            notBilled.add(new PriceQuote.NotBilled("already imported (re-imports are free)", duplicates));
        }
        unknownExclusions.forEach(reason -> notBilled.add(new PriceQuote.NotBilled(reason, null)));

        long chargeable = calls - duplicates;
        long freeLeft = Math.max(0, prices.freeCalls(plan) - freeCallsUsed);
        long free = Math.min(freeLeft, chargeable);
        long billable = chargeable - free;

        List<PriceQuote.LineItem> lines = new ArrayList<>();
        Money zero = Money.zero(prices.currency());
        lines.add(new PriceQuote.LineItem(String.format("free allowance (%,d of %,d left)", free, freeLeft), free, zero, zero));
        Money total = zero;
        List<PricingProperties.Tier> schedule = prices.schedule(platform);
        for (int i = 0; i < schedule.size(); i++) {
            long first = schedule.get(i).fromCall();
            long last = i + 1 < schedule.size() ? schedule.get(i + 1).fromCall() - 1 : Long.MAX_VALUE;
            long inStep = Math.max(0, Math.min(billable, last) - first + 1);
            if (inStep == 0 && i > 0) {
                continue;
            }
            Money unit = new Money(schedule.get(i).pricePerCall(), prices.currency());
            Money amount = unit.times(inStep).rounded();
            String range = (atLeast && i == 0 ? "at least " : "") + (last == Long.MAX_VALUE ? String.format("billable calls from %,d", first)
                    : String.format("billable calls %,d to %,d", first, last));
            lines.add(new PriceQuote.LineItem(range, inStep, unit, amount));
            total = total.plus(amount);
        }
        return new PriceQuote(calls, atLeast, billable, lines, notBilled, total.rounded());
    }
}
