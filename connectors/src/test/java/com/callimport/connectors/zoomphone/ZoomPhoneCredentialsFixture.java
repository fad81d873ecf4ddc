package com.callimport.connectors.zoomphone;

import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Credentials;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.Secret;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Credentials and connection contexts for Zoom Phone tests, pointed at a {@link ZoomPhoneSimulator}. */
public final class ZoomPhoneCredentialsFixture {

    private ZoomPhoneCredentialsFixture() {
    }

    /** The simulator's fixed test token, as the engine would hand over a current access token. */
    public static Credentials accepted() {
        return withAccessToken(ZoomPhoneSimulator.TEST_ACCESS_TOKEN);
    }

    public static Credentials withAccessToken(String accessToken) {
        return new Credentials(Map.of(Credentials.ACCESS_TOKEN, Secret.of(accessToken)));
    }

    public static ConnectionContext context(ZoomPhoneSimulator simulator, RequestPermits permits, Clock clock) {
        return new ConnectionContext(accepted(), Map.of(), Optional.of(simulator.baseUrl()), Duration.ofSeconds(5), permits, clock);
    }
}
