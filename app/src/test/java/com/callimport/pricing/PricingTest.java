package com.callimport.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricingTest {
    private static final List<String> NONE = List.of();

    private static Pricing pricing(List<PricingProperties.Tier> tiers, Map<String, PricingProperties.PlatformPrice> platforms) {
        return new Pricing(new PriceList(new PricingProperties("USD", 1000, Map.of("growth", 5000L), new BigDecimal("0.10"),
                tiers, platforms, new PricingProperties.DialerSync("included", BigDecimal.ZERO))));
    }

    private static final Pricing DEFAULT = pricing(List.of(), Map.of());
    private static final Pricing TIERED = pricing(List.of(
            new PricingProperties.Tier(10_001, new BigDecimal("0.08")),
            new PricingProperties.Tier(50_001, new BigDecimal("0.05"))), Map.of());

    private static String total(PriceQuote quote) {
        return quote.total().toString();
    }

    @Test
    void noCallsCostNothing() {
        PriceQuote quote = DEFAULT.quote("gong", "standard", 0, 0, 0, NONE);

        assertThat(total(quote)).isEqualTo("USD 0.00");
        assertThat(quote.billableCalls()).isZero();
    }

    @Test
    void exactlyTheFreeAllowanceCostsNothing() {
        PriceQuote quote = DEFAULT.quote("gong", "standard", 1000, 0, 0, NONE);

        assertThat(total(quote)).isEqualTo("USD 0.00");
        assertThat(quote.lineItems().getFirst().calls()).isEqualTo(1000);
    }

    @Test
    void oneCallOverTheAllowanceCostsOneCall() {
        PriceQuote quote = DEFAULT.quote("gong", "standard", 1001, 0, 0, NONE);

        assertThat(total(quote)).isEqualTo("USD 0.10");
        assertThat(quote.billableCalls()).isOne();
    }

    @Test
    void thePrdExampleCosts24Dollars70() {
        // "Found 1,247 calls. First 1,000 free, $0.10/call after = $24.70"
        assertThat(total(DEFAULT.quote("gong", "standard", 1247, 0, 0, NONE))).isEqualTo("USD 24.70");
    }

    @Test
    void theAllowanceIsPerOrganizationSoEarlierImportsUseItUp() {
        assertThat(total(DEFAULT.quote("gong", "standard", 500, 800, 0, NONE))).isEqualTo("USD 30.00");
        assertThat(total(DEFAULT.quote("gong", "standard", 500, 2000, 0, NONE))).isEqualTo("USD 50.00");
    }

    @Test
    void aPlanCanCarryALargerAllowance() {
        assertThat(total(DEFAULT.quote("gong", "growth", 5001, 0, 0, NONE))).isEqualTo("USD 0.10");
    }

    @Test
    void callsAlreadyImportedAreNotBilledAndSaySo() {
        PriceQuote quote = DEFAULT.quote("gong", "standard", 1500, 1000, 400, List.of("private calls"));

        assertThat(quote.billableCalls()).isEqualTo(1100);
        assertThat(total(quote)).isEqualTo("USD 110.00");
        assertThat(quote.notBilled()).extracting(PriceQuote.NotBilled::calls).containsExactly(400L, null);
    }

    @Test
    void tierEdgesChangePriceExactlyAtTheirFirstCall() {
        // 10,000 billable calls at 0.10, all in the first step
        assertThat(total(TIERED.quote("gong", "standard", 11_000, 0, 0, NONE))).isEqualTo("USD 1000.00");
        // the 10,001st billable call is the first at 0.08
        assertThat(total(TIERED.quote("gong", "standard", 11_001, 0, 0, NONE))).isEqualTo("USD 1000.08");
        // 10,000 × 0.10 + 40,000 × 0.08 + 1 × 0.05
        assertThat(total(TIERED.quote("gong", "standard", 51_001, 0, 0, NONE))).isEqualTo("USD 4200.05");
    }

    @Test
    void aPlatformOverrideReplacesTheDefaultPrice() {
        Pricing pricing = pricing(List.of(), Map.of("fathom", new PricingProperties.PlatformPrice(new BigDecimal("0.125"), List.of())));

        assertThat(total(pricing.quote("fathom", "standard", 1003, 0, 0, NONE))).isEqualTo("USD 0.38");
        assertThat(total(pricing.quote("gong", "standard", 1003, 0, 0, NONE))).isEqualTo("USD 0.30");
    }

    @Test
    void moneyIsExactBeforeRounding() {
        Pricing pricing = pricing(List.of(), Map.of("fathom", new PricingProperties.PlatformPrice(new BigDecimal("0.001"), List.of())));

        // 3 × 0.001 = 0.003, rounded half-up to cents once, at the end of each line
        assertThat(total(pricing.quote("fathom", "standard", 1003, 0, 0, NONE))).isEqualTo("USD 0.00");
        assertThat(total(pricing.quote("fathom", "standard", 1005, 0, 0, NONE))).isEqualTo("USD 0.01");
    }
}
