package com.callimport.web.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Times as pages show them, in UTC: {@code ${@dates.day(token.createdAt)}} gives "29 Nov 2026",
 * {@code ${@dates.time(run.startedAt)}} "29 Nov 2026, 09:40 UTC". Null shows as an empty string.
 */
@Component("dates")
public class Dates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** For a {@code <time datetime=...>} attribute. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
