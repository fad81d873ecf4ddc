package com.callimport.connector;

import java.util.Objects;

/**
 * One field a customer fills in to connect a platform.
 *
 * @param name   the key under which the value is stored and passed back in {@link Credentials}
 * @param label  the label shown to the customer
 * @param secret whether the value is encrypted at rest and hidden from every API response
 * @param help   where the customer finds the value, in words they can follow
 */
public record CredentialField(String name, String label, boolean secret, String help) {
    public CredentialField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(help, "help");
    }

    public static CredentialField secret(String name, String label, String help) {
        return new CredentialField(name, label, true, help);
    }

    public static CredentialField plain(String name, String label, String help) {
        return new CredentialField(name, label, false, help);
    }
}
