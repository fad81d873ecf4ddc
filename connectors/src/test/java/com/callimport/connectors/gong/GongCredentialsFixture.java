package com.callimport.connectors.gong;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Credentials;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Credentials and connection contexts for Gong tests, pointed at a {@link GongSimulator}. */
public final class GongCredentialsFixture {

    /**
     * A customer's Gong API address as Gong hands it out; only the operator's override
     * ({@code callimport.platforms.gong.base-url}) may point the service at a simulator.
     */
    public static final String CUSTOMER_BASE_URL = "https://us-12345.api.gong.io";

    private GongCredentialsFixture() {
    }

    /** What the simulator accepts; the base URL is Gong's shape, overridden by the context's simulator address. */
    public static Credentials accepted() {
        return new Credentials(Map.of(
                GongConnector.BASE_URL, Secret.of(CUSTOMER_BASE_URL),
                GongConnector.ACCESS_KEY, Secret.of(GongSimulator.ACCESS_KEY),
                GongConnector.ACCESS_KEY_SECRET, Secret.of(GongSimulator.ACCESS_KEY_SECRET)));
    }

    /** The credential values as the connection API takes them; the service must have the simulator as its Gong override. */
    public static Map<String, String> acceptedValues() {
        return Map.of(GongConnector.BASE_URL, CUSTOMER_BASE_URL, GongConnector.ACCESS_KEY, GongSimulator.ACCESS_KEY,
                GongConnector.ACCESS_KEY_SECRET, GongSimulator.ACCESS_KEY_SECRET);
    }

    public static ConnectionContext context(GongSimulator simulator, Map<String, String> settings, RequestPermits permits,
                                            Clock clock) {
        return new ConnectionContext(accepted(), settings, Optional.of(simulator.baseUrl()), Duration.ofSeconds(5),
                permits, clock);
    }
}
