package com.callimport.connector;

import java.util.Objects;

/**
 * A credential value that must not leak: {@link #toString()} is redacted so that logging a record
 * or an exception message that contains one shows nothing of it. Read it with {@link #reveal()} only
 * where it is sent to the vendor.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
