package com.callimport.imports;

import com.callimport.connector.DateWindow;
import java.time.Duration;
import java.time.Instant;

/**
 * The windows a customer may import or preview: from {@link #EARLIEST} to a day after now, and at most
 * {@link #LONGEST} long. The bounds keep every vendor request's dates sensible and a run's plan small
 * (at most a few thousand slices), whatever dates are sent.
 */
public final class ImportWindows {
    /** No platform we import from holds calls recorded before this. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far past now a window may end: covers every time zone's "today". */
    public static final Duration AHEAD = Duration.ofDays(1);
    /** Ten years, leap days included. */
    public static final Duration LONGEST = Duration.ofDays(3653);

    private ImportWindows() {
    }

    /**
     * The window, checked against the bounds at {@code now}.
     *
     * @throws IllegalArgumentException starting with the field to fix ({@code from:} or {@code to:}) and the accepted range
     */
    public static DateWindow check(DateWindow window, Instant now) {
        Instant latest = now.plus(AHEAD);
        String range = "; send dates from " + EARLIEST + " to a day after now (" + latest + ")";
        if (window.from().isBefore(EARLIEST)) {
            throw new IllegalArgumentException("from: " + window.from() + " is before " + EARLIEST + ", the earliest an import reaches"
                    + range);
        }
        if (window.from().isAfter(now)) {
            throw new IllegalArgumentException("from: the window starts at " + window.from() + ", in the future; nothing to import yet"
                    + range);
        }
        if (window.to().isAfter(latest)) {
            throw new IllegalArgumentException("to: " + window.to() + " is after " + latest + ", the latest an import reaches" + range);
        }
        if (window.length().compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(String.format("to: the window spans %,d days; one import covers at most %,d days "
                    + "(ten years): split it into several runs", window.length().toDays(), LONGEST.toDays()));
        }
        return window;
    }
}
