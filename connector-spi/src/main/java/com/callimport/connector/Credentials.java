package com.callimport.connector;

import java.util.Map;
import java.util.Optional;

/**
 * A connection's decrypted credential values by {@link CredentialField#name()}. Every value is a
 * {@link Secret}, plain fields included, so that no credential is printed by accident.
 */
public record Credentials(Map<String, Secret> values) {

    /**
     * The bearer token the engine obtained for an OAuth platform (see {@link Connector#oauth()}) and keeps
     * fresh; connectors of such platforms read it under this name instead of declaring it.
     */
    public static final String ACCESS_TOKEN = "accessToken";

    /**
     * For OAuth platforms, the vendor's id of the user or account that granted the token, when the token
     * response names one (e.g. RingCentral's {@code owner_id}); stable across refreshes, so a connector can key
     * its rate budget on it.
     */
    public static final String TOKEN_OWNER = "tokenOwner";

    public Credentials {
        values = Map.copyOf(values);
    }

    /** The value of a required field; the engine validates required fields before a source is opened. */
    public Secret require(String name) {
        Secret value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("credential '" + name + "' is missing; enter it on the connection");
        }
        return value;
    }

    public Optional<Secret> find(String name) {
        return Optional.ofNullable(values.get(name)).filter(value -> !value.isBlank());
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet();
    }
}
