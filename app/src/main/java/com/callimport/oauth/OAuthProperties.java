package com.callimport.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Our OAuth apps at each vendor ({@code callimport.oauth.*}).
 *
 * @param publicUrl    the address vendors redirect the customer's browser back to (this service's public URL)
 * @param clients      our app's client id and secret per platform id; from the environment, never in code
 * @param refreshAhead how long before expiry an access token is refreshed
 * @param signInTime   how long a handed-out sign-in link stays valid
 */
@ConfigurationProperties("callimport.oauth")
public record OAuthProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        Map<String, Client> clients,
        @DefaultValue("5m") Duration refreshAhead,
        @DefaultValue("10m") Duration signInTime) {

    public OAuthProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        publicUrl = publicUrl == null ? URI.create("http://localhost:8080") : publicUrl;
        refreshAhead = refreshAhead == null ? Duration.ofMinutes(5) : refreshAhead;
        signInTime = signInTime == null ? Duration.ofMinutes(10) : signInTime;
    }

    /** @param tokenUri optional override of the vendor's token endpoint (a vendor sandbox or the simulator) */
    public record Client(String clientId, String clientSecret, URI authorizationUri, URI tokenUri) {
        @Override
        public String toString() {
            return "Client[" + clientId + ", secret=redacted]";
        }
    }
}
