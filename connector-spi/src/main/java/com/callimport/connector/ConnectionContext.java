package com.callimport.connector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a connector needs to talk to one customer's vendor account.
 *
 * @param credentials    the decrypted credential values
 * @param settings       the connection's settings; a missing setting takes its {@link SettingField} default
 * @param baseUrl        the operator's override of the vendor's API address (a sandbox, a simulator), from the
 *                       operator's configuration only, never from a customer; the HTTP layer lets it be
 *                       {@code http} and on a private or loopback address. Empty means the vendor's documented
 *                       address or the one in the credentials
 * @param requestTimeout the longest the connector may wait for one response
 * @param permits        the gate to pass before every vendor API request
 * @param clock          the time source for anything that expires
 * @param bearerToken    for OAuth platforms, the engine's current access token, asked for before every request
 *                       (see {@link BearerToken}); otherwise it answers {@link Credentials#ACCESS_TOKEN} as stored
 */
public record ConnectionContext(
        Credentials credentials,
        Map<String, String> settings,
        Optional<URI> baseUrl,
        Duration requestTimeout,
        RequestPermits permits,
        Clock clock,
        BearerToken bearerToken) {

    public ConnectionContext {
        Objects.requireNonNull(credentials, "credentials");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(permits, "permits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bearerToken, "bearerToken");
    }

    /** A context whose bearer token is the one in the credentials, for platforms without OAuth and for tests. */
    public ConnectionContext(Credentials credentials, Map<String, String> settings, Optional<URI> baseUrl,
                             Duration requestTimeout, RequestPermits permits, Clock clock) {
        this(credentials, settings, baseUrl, requestTimeout, permits, clock,
                () -> credentials.require(Credentials.ACCESS_TOKEN));
    }

    public String setting(SettingField field) {
        return settings.getOrDefault(field.name(), field.defaultValue());
    }

    public boolean flag(SettingField field) {
        return Boolean.parseBoolean(setting(field));
    }
}
