package com.callimport.connector;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A per-connection option with its type and default, e.g. {@code includePrivateCalls}, a flag that is {@code false}
 * unless the customer sets it. The engine accepts a customer's value only in the field's type and stores it in its
 * canonical form, so a connector reads only values it declared.
 */
public record SettingField(String name, String label, Type type, String defaultValue, String help) {

    /** The kinds of value a setting takes. */
    public enum Type {
        /** {@code true} or {@code false}, in any letter case; stored in lower case. */
        BOOLEAN("send true or false") {
            @Override
            public Optional<String> canonical(String value) {
                String lower = value.strip().toLowerCase(Locale.ROOT);
                return lower.equals("true") || lower.equals("false") ? Optional.of(lower) : Optional.empty();
            }
        },
        /** Any text, stripped of surrounding blanks. */
        TEXT("send text") {
            @Override
            public Optional<String> canonical(String value) {
                return Optional.of(value.strip());
            }
        };

        private final String expectation;

        Type(String expectation) {
            this.expectation = expectation;
        }

        /** The value as stored, or empty when it is not a value of this type. */
        public abstract Optional<String> canonical(String value);

        /** What to send instead of a value of another type, in the customer's words, e.g. "send true or false". */
        public String expectation() {
            return expectation;
        }
    }

    public SettingField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(help, "help");
        if (type.canonical(defaultValue).filter(defaultValue::equals).isEmpty()) {
            throw new IllegalArgumentException("setting " + name + ": the default '" + defaultValue + "' is not a canonical "
                    + type + " value; " + type.expectation());
        }
    }

    /** A text setting. */
    public SettingField(String name, String label, String defaultValue, String help) {
        this(name, label, Type.TEXT, defaultValue, help);
    }

    /** A setting that is on or off. */
    public static SettingField flag(String name, String label, boolean defaultValue, String help) {
        return new SettingField(name, label, Type.BOOLEAN, Boolean.toString(defaultValue), help);
    }
}
