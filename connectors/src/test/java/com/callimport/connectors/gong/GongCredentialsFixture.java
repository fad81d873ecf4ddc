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

    private GongCredentialsFixture() {
    }

    /** What the simulator accepts; the base URL is Gong's shape, overridden by the context's simulator address. */
    public static Credentials accepted() {
        return new Credentials(Map.of(
                GongConnector.BASE_URL, Secret.of("https://us-12345.api.gong.io"),
                GongConnector.ACCESS_KEY, Secret.of(GongSimulator.ACCESS_KEY),
                GongConnector.ACCESS_KEY_SECRET, Secret.of(GongSimulator.ACCESS_KEY_SECRET)));
    }

    public static ConnectionContext context(GongSimulator simulator, Map<String, String> settings, RequestPermits permits,
                                            Clock clock) {
        return new ConnectionContext(accepted(), settings, Optional.of(simulator.baseUrl()), Duration.ofSeconds(5),
                permits, clock);
    }
}
