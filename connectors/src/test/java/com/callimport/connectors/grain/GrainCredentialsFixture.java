package com.callimport.connectors.grain;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Credentials;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Credentials and connection contexts for Grain tests, pointed at a {@link GrainSimulator}. */
public final class GrainCredentialsFixture {

    private GrainCredentialsFixture() {
    }

    public static Credentials accepted() {
        return new Credentials(Map.of(GrainConnector.ACCESS_TOKEN, Secret.of(GrainSimulator.ACCESS_TOKEN)));
    }

    /** The credential values as the connection API takes them. */
    public static Map<String, String> acceptedValues() {
        return Map.of(GrainConnector.ACCESS_TOKEN, GrainSimulator.ACCESS_TOKEN);
    }

    public static ConnectionContext context(GrainSimulator simulator, RequestPermits permits, Clock clock) {
        return new ConnectionContext(accepted(), Map.of(), Optional.of(simulator.baseUrl()), Duration.ofSeconds(5), permits, clock);
    }
}
