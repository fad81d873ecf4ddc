package com.callimport.web.pages.billing;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Minor units as people read them: 2000 USD → "$20.00"; and back from what staff type: "25" or "25.00" → 2500. */
final class Amounts {
    private Amounts() {
    }

    static String money(long minor, Currency currency) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        return format.format(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()));
    }

    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    /** @throws IllegalArgumentException with what to type instead */
    static long parse(String typed, Currency currency) {
        String text = typed == null ? "" : typed.strip().replace(",", "").replace("$", "");
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.scale() > currency.getDefaultFractionDigits()) {
                throw new NumberFormatException();
            }
            return amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Enter the amount in " + currency.getCurrencyCode() + " as a number such as 25.00.");
        }
    }
}
