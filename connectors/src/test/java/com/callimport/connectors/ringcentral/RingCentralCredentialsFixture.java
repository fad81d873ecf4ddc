package com.callimport.connectors.ringcentral;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Credentials;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Credentials and connection contexts for RingCentral tests, pointed at a {@link RingCentralSimulator}. */
public final class RingCentralCredentialsFixture {

    private RingCentralCredentialsFixture() {
    }

    /** The simulator's fixed test token, as the engine would hand over a current access token. */
    public static Credentials accepted() {
        return withAccessToken(RingCentralSimulator.TEST_ACCESS_TOKEN);
    }

    public static Credentials withAccessToken(String accessToken) {
        return new Credentials(Map.of(Credentials.ACCESS_TOKEN, Secret.of(accessToken)));
    }

    public static ConnectionContext context(RingCentralSimulator simulator, Credentials credentials, RequestPermits permits,
                                            Clock clock) {
        return new ConnectionContext(credentials, Map.of(), Optional.of(simulator.baseUrl()), Duration.ofSeconds(5), permits, clock);
    }
}
