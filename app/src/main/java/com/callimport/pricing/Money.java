package com.callimport.pricing;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/** An exact amount in a currency, rounded half-up to the currency's minor unit only when it is stated. */
public record Money(
        // as a JSON string, so that no client reads an amount through a binary floating-point number
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        Currency currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency).rounded();
    }

    public Money plus(Money other) {
        if (!other.currency.equals(currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public Money times(long quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    /** The amount in the currency's minor units (cents for USD), half-up. */
    public Money rounded() {
        return new Money(amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP), currency);
    }

    @Override
    public String toString() {
        return currency.getCurrencyCode() + " " + rounded().amount.toPlainString();
    }
}
