package com.callimport.connector;

import java.util.Objects;

/**
 * One field a customer fills in to connect a platform.
 *
 * @param name   the key under which the value is stored and passed back in {@link Credentials}
 * @param label  the label shown to the customer
 * @param secret whether the value is encrypted at rest and hidden from every API response
 * @param help   where the customer finds the value, in words they can follow
 * @param apiAddress whether the value is the address of the vendor's API (e.g. a per-customer base URL); the
 *                   engine accepts only an https address on one of the connector's {@link VendorHosts#api()} hosts
 */
public record CredentialField(String name, String label, boolean secret, String help, boolean apiAddress) {
    public CredentialField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(help, "help");
    }

    public CredentialField(String name, String label, boolean secret, String help) {
        this(name, label, secret, help, false);
    }

    /** The vendor's API address for this customer, checked against the connector's declared API hosts. */
    public static CredentialField apiAddress(String name, String label, String help) {
        return new CredentialField(name, label, false, help, true);
    }

    public static CredentialField secret(String name, String label, String help) {
        return new CredentialField(name, label, true, help);
    }

    public static CredentialField plain(String name, String label, String help) {
        return new CredentialField(name, label, false, help);
    }
}
