package com.callimport.web.pages.importwizard;

import com.callimport.pricing.Money;
import com.callimport.pricing.PriceQuote;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Numbers, money and times as the pages write them: "1,247", "$24.70", "Mar 3, 2026, 14:05 UTC". */
final class Formats {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, yyyy, HH:mm 'UTC'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    static String money(Money money) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(money.currency());
        return format.format(money.rounded().amount());
    }

    static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }

    /** "in about 2 minutes", "in about 3 hours", for an estimated finish. */
    static String fromNow(Instant finish, Instant now) {
        Duration left = Duration.between(now, finish);
        if (left.toSeconds() < 60) {
            return "in less than a minute";
        }
        if (left.toMinutes() < 90) {
            return "in about " + left.toMinutes() + (left.toMinutes() == 1 ? " minute" : " minutes");
        }
        if (left.toHours() < 48) {
            return "in about " + left.toHours() + " hours";
        }
        return "in about " + left.toDays() + " days";
    }

    /** The quote in one sentence: "First 1,000 free, $0.10/call after = $24.70", or "All 12 calls free". */
    static String priceSentence(PriceQuote quote) {
        List<String> parts = new ArrayList<>();
        List<PriceQuote.LineItem> paid = quote.lineItems().stream()
                .filter(item -> item.calls() > 0 && item.amount().amount().signum() > 0).toList();
        String atLeast = quote.atLeast() ? "at least " : "";
        if (paid.isEmpty()) {
            return "All " + atLeast + count(quote.calls()) + (quote.calls() == 1 ? " call" : " calls") + " free";
        }
        for (PriceQuote.LineItem item : quote.lineItems()) {
            if (item.amount().amount().signum() == 0 && item.calls() > 0) {
                parts.add((parts.isEmpty() ? "First " : "then ") + count(item.calls()) + " free");
            }
        }
        for (PriceQuote.LineItem item : paid) {
            parts.add(paid.size() == 1 && !parts.isEmpty() ? money(item.unitPrice()) + "/call after"
                    : count(item.calls()) + " at " + money(item.unitPrice()) + "/call");
        }
        return String.join(", ", parts) + " = " + atLeast + money(quote.total());
    }
}
