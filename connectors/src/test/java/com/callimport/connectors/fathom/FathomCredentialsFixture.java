package com.callimport.connectors.fathom;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Credentials;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Credentials and connection contexts for Fathom tests, pointed at a {@link FathomSimulator}. */
public final class FathomCredentialsFixture {

    private FathomCredentialsFixture() {
    }

    /** The API key the simulator accepts. */
    public static Credentials accepted() {
        return new Credentials(Map.of(FathomConnector.API_KEY, Secret.of(FathomSimulator.API_KEY)));
    }

    /** The credential values as the connection API takes them. */
    public static Map<String, String> acceptedValues() {
        return Map.of(FathomConnector.API_KEY, FathomSimulator.API_KEY);
    }

    public static ConnectionContext context(FathomSimulator simulator, RequestPermits permits, Clock clock) {
        return new ConnectionContext(accepted(), Map.of(), Optional.of(simulator.baseUrl()), Duration.ofSeconds(5), permits, clock);
    }
}
