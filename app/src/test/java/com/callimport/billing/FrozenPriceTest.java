package com.callimport.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrozenPriceTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final FrozenPrice TIERED = new FrozenPrice(List.of(new FrozenPrice.Step(1, new BigDecimal("0.10")),
            new FrozenPrice.Step(1001, new BigDecimal("0.08")), new FrozenPrice.Step(10001, new BigDecimal("0.055"))), USD);

    @Test
    void billsEachStepAtItsOwnPriceInMinorUnits() {
        assertThat(TIERED.amountMinor(0)).isZero();
        assertThat(TIERED.amountMinor(600)).isEqualTo(6000);
        assertThat(TIERED.amountMinor(1000)).isEqualTo(10000);
        assertThat(TIERED.amountMinor(1500)).isEqualTo(10000 + 4000);
        // 3 calls at 5.5 cents: 16.5 cents, rounded half-up per step as the quote does
        assertThat(TIERED.amountMinor(10003)).isEqualTo(10000 + 72000 + 17);
    }

    @Test
    void survivesItsOwnEncodingExactly() {
        FrozenPrice decoded = FrozenPrice.decode(TIERED.encode(), USD);
        assertThat(decoded).isEqualTo(TIERED);
        assertThat(TIERED.encode()).isEqualTo("1:0.10;1001:0.08;10001:0.055");
    }

    @Test
    void aPriceStartsAtTheFirstBillableCall() {
        assertThatThrownBy(() -> new FrozenPrice(List.of(new FrozenPrice.Step(5, BigDecimal.ONE)), USD))
                .hasMessageContaining("starts at the first billable call");
    }
}
