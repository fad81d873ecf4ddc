package com.callimport.connector;

import java.util.regex.Pattern;

/** A platform's stable id: lower-case letters, digits and dashes, e.g. {@code gong}, {@code zoom-phone}. */
public record PlatformId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public PlatformId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException("platform id '" + value
                    + "' must be 2-40 lower-case letters, digits or dashes, starting with a letter");
        }
    }

    public static PlatformId of(String value) {
        return new PlatformId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
