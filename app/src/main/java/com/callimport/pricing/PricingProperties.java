package com.callimport.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pricing model as configured ({@code callimport.pricing.*}); changing it needs no code change.
 * Invalid settings stop the service at start-up ({@link PriceList}) with the setting's name and what is wrong.
 *
 * @param currency        ISO 4217 code of every price
 * @param freeCalls       calls each organization imports free, before any billing
 * @param freeCallsByPlan the free allowance of organizations on a given plan, overriding {@code freeCalls}
 * @param pricePerCall    the price of each billable call
 * @param tiers           volume tiers: from the {@code fromCall}-th billable call of an import, each costs {@code pricePerCall}
 * @param platforms       per-platform prices and tiers, by platform id, replacing the defaults
 * @param dialerSync      how calls arriving through ongoing dialer sync are billed
 */
@ConfigurationProperties("callimport.pricing")
public record PricingProperties(
        @DefaultValue("USD") String currency,
        @DefaultValue("1000") long freeCalls,
        Map<String, Long> freeCallsByPlan,
        @DefaultValue("0.10") BigDecimal pricePerCall,
        List<Tier> tiers,
        Map<String, PlatformPrice> platforms,
        @DefaultValue DialerSync dialerSync) {

    public PricingProperties {
        currency = currency == null ? "USD" : currency;
        pricePerCall = pricePerCall == null ? new BigDecimal("0.10") : pricePerCall;
        dialerSync = dialerSync == null ? new DialerSync("included", BigDecimal.ZERO) : dialerSync;
        freeCallsByPlan = freeCallsByPlan == null ? Map.of() : Map.copyOf(freeCallsByPlan);
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        platforms = platforms == null ? Map.of() : Map.copyOf(platforms);
    }

    /** @param fromCall the first billable call (1-based, within one import) this price applies to */
    public record Tier(long fromCall, BigDecimal pricePerCall) {
    }

    public record PlatformPrice(BigDecimal pricePerCall, List<Tier> tiers) {
        public PlatformPrice {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }
    }

    /** @param mode {@code included} (no charge) or {@code per-call} at {@code pricePerCall} */
    public record DialerSync(@DefaultValue("included") String mode, @DefaultValue("0") BigDecimal pricePerCall) {
        public DialerSync {
            mode = mode == null ? "included" : mode;
            pricePerCall = pricePerCall == null ? BigDecimal.ZERO : pricePerCall;
        }
    }
}
