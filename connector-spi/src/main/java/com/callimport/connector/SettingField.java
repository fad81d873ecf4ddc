package com.callimport.connector;

import java.util.Objects;

/** A per-connection option with its default, e.g. {@code includePrivateCalls = false}. */
public record SettingField(String name, String label, String defaultValue, String help) {
    public SettingField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(help, "help");
    }
}
