package com.callimport.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A half-open window of call start times: {@code from} inclusive, {@code to} exclusive. */
public record DateWindow(Instant from, Instant to) {
    public DateWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException(
                    "window ends at " + to + ", not after it starts at " + from + "; swap or widen the dates");
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** Consecutive windows no longer than {@code sliceLength} that together cover exactly this one. */
    public List<DateWindow> slices(Duration sliceLength) {
        if (sliceLength.isNegative() || sliceLength.isZero()) {
            throw new IllegalArgumentException("slice length must be positive, not " + sliceLength);
        }
        List<DateWindow> slices = new ArrayList<>();
        Instant start = from;
        while (start.isBefore(to)) {
            Instant end = start.plus(sliceLength);
            if (end.isAfter(to)) {
                end = to;
            }
            slices.add(new DateWindow(start, end));
            start = end;
        }
        return slices;
    }
}
