package com.callimport.web.pages.importwizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.pricing.Money;
import com.callimport.pricing.PriceQuote;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static final Currency USD = Currency.getInstance("USD");

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    @Test
    void aQuoteReadsAsThePrdsSentence() {
        PriceQuote quote = new PriceQuote(1_247, false, 247, List.of(
                new PriceQuote.LineItem("free allowance (1,000 of 1,000 left)", 1_000, usd("0"), usd("0")),
                new PriceQuote.LineItem("billable calls from 1", 247, usd("0.10"), usd("24.70"))), List.of(), usd("24.70"));

        assertThat(Formats.priceSentence(quote)).isEqualTo("First 1,000 free, $0.10/call after = $24.70");
    }

    @Test
    void aQuoteWithinTheFreeAllowanceSaysSoWithoutAPrice() {
        PriceQuote quote = new PriceQuote(12, false, 0, List.of(
                new PriceQuote.LineItem("free allowance (12 of 20 left)", 12, usd("0"), usd("0")),
                new PriceQuote.LineItem("billable calls from 1", 0, usd("0.10"), usd("0"))), List.of(), usd("0"));

        assertThat(Formats.priceSentence(quote)).isEqualTo("All 12 calls free");
    }

    @Test
    void aLowerBoundCountIsAnAtLeastPrice() {
        PriceQuote quote = new PriceQuote(1_500, true, 1_500, List.of(
                new PriceQuote.LineItem("calls 1–1,000", 1_000, usd("0.10"), usd("100")),
                new PriceQuote.LineItem("calls from 1,001", 500, usd("0.08"), usd("40"))), List.of(), usd("140"));

        assertThat(Formats.priceSentence(quote)).isEqualTo("1,000 at $0.10/call, 500 at $0.08/call = at least $140.00");
    }
}
