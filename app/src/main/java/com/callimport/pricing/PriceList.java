package com.callimport.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The validated pricing model: what an organization pays for the calls of one import. */
@Component
public class PriceList {
    private final PricingProperties properties;
    private final Currency currency;

    public PriceList(PricingProperties properties) {
        validate(properties);
        this.properties = properties;
        this.currency = Currency.getInstance(properties.currency());
    }

    public Currency currency() {
        return currency;
    }

    public long freeCalls(String plan) {
        return properties.freeCallsByPlan().getOrDefault(plan, properties.freeCalls());
    }

    public boolean dialerSyncIncluded() {
        return properties.dialerSync().mode().equals("included");
    }

    public Money dialerSyncPricePerCall() {
        return new Money(dialerSyncIncluded() ? BigDecimal.ZERO : properties.dialerSync().pricePerCall(), currency);
    }

    /** The price steps of a platform's imports: the base price, then each tier from its first call. */
    public List<PricingProperties.Tier> schedule(String platform) {
        PricingProperties.PlatformPrice override = properties.platforms().get(platform);
        BigDecimal base = override != null && override.pricePerCall() != null ? override.pricePerCall() : properties.pricePerCall();
        List<PricingProperties.Tier> tiers = override != null && !override.tiers().isEmpty() ? override.tiers() : properties.tiers();
        List<PricingProperties.Tier> schedule = new ArrayList<>();
        schedule.add(new PricingProperties.Tier(1, base));
        schedule.addAll(tiers);
        return schedule;
    }

    /** One sentence for the capability matrix, e.g. "First 1,000 calls free, then USD 0.10 per call". */
    public String describe(String platform) {
        List<PricingProperties.Tier> schedule = schedule(platform);
        StringBuilder text = new StringBuilder(String.format("First %,d calls free, then %s per call",
                properties.freeCalls(), new Money(schedule.getFirst().pricePerCall(), currency)));
        for (PricingProperties.Tier tier : schedule.subList(1, schedule.size())) {
            text.append(String.format("; %s from the %,d%s billable call", new Money(tier.pricePerCall(), currency),
                    tier.fromCall(), ordinalSuffix(tier.fromCall())));
        }
        return text.toString();
    }

    static void validate(PricingProperties properties) {
        try {
            Currency.getInstance(properties.currency());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("callimport.pricing.currency '" + properties.currency()
                    + "' is not an ISO 4217 currency code such as USD or EUR");
        }
        if (properties.freeCalls() < 0) {
            throw new IllegalArgumentException("callimport.pricing.free-calls is " + properties.freeCalls()
                    + "; the free allowance cannot be below zero");
        }
        for (Map.Entry<String, Long> plan : properties.freeCallsByPlan().entrySet()) {
            if (plan.getValue() == null || plan.getValue() < 0) {
                throw new IllegalArgumentException("callimport.pricing.free-calls-by-plan." + plan.getKey() + " is "
                        + plan.getValue() + "; the free allowance cannot be below zero");
            }
        }
        nonNegative("callimport.pricing.price-per-call", properties.pricePerCall());
        validateTiers("callimport.pricing.tiers", properties.tiers());
        for (Map.Entry<String, PricingProperties.PlatformPrice> platform : properties.platforms().entrySet()) {
            String prefix = "callimport.pricing.platforms." + platform.getKey();
            if (platform.getValue().pricePerCall() != null) {
                nonNegative(prefix + ".price-per-call", platform.getValue().pricePerCall());
            }
            validateTiers(prefix + ".tiers", platform.getValue().tiers());
        }
        String mode = properties.dialerSync().mode();
        if (!mode.equals("included") && !mode.equals("per-call")) {
            throw new IllegalArgumentException("callimport.pricing.dialer-sync.mode is '" + mode + "'; use 'included' or 'per-call'");
        }
        nonNegative("callimport.pricing.dialer-sync.price-per-call", properties.dialerSync().pricePerCall());
    }

    private static void validateTiers(String setting, List<PricingProperties.Tier> tiers) {
        long previous = 1;
        for (int i = 0; i < tiers.size(); i++) {
            PricingProperties.Tier tier = tiers.get(i);
            if (tier.pricePerCall() == null) {
                throw new IllegalArgumentException(setting + "[" + i + "].price-per-call is missing");
            }
            nonNegative(setting + "[" + i + "].price-per-call", tier.pricePerCall());
            if (tier.fromCall() <= previous) {
                throw new IllegalArgumentException(setting + "[" + i + "].from-call is " + tier.fromCall()
                        + "; tiers must start after call " + previous + " and after the tier before them, without overlapping");
            }
            previous = tier.fromCall();
        }
    }

    private static void nonNegative(String setting, BigDecimal price) {
        if (price == null) {
            throw new IllegalArgumentException(setting + " is missing");
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException(setting + " is " + price.toPlainString() + "; a price cannot be negative");
        }
    }

    private static String ordinalSuffix(long number) {
        long lastTwo = number % 100;
        if (lastTwo >= 11 && lastTwo <= 13) {
            return "th";
        }
        return switch ((int) (number % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
