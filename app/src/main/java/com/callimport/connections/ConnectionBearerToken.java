package com.callimport.connections;

import com.callimport.connector.BearerToken;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.organizations.OrganizationId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** One open source's view of its OAuth connection's token: fresh for every request, renewed after a refusal. */
final class ConnectionBearerToken implements BearerToken {
    private final OrganizationId organization;
    private final UUID connectionId;
    private final String platform;
    private final AccessTokens accessTokens;
    private final AtomicReference<Credentials> held;

    ConnectionBearerToken(OrganizationId organization, UUID connectionId, String platform, AccessTokens accessTokens,
                          Credentials current) {
        this.organization = organization;
        this.connectionId = connectionId;
        this.platform = platform;
        this.accessTokens = accessTokens;
        this.held = new AtomicReference<>(current);
    }

    @Override
    public Secret current() throws ConnectorException, InterruptedException {
        Credentials fresh = accessTokens.current(organization, connectionId, platform, held.get());
        held.set(fresh);
        return fresh.require(Credentials.ACCESS_TOKEN);
    }

    /** Replaces a token the vendor refused; the caller then repeats its request once. */
    void renewRefused() throws ConnectorException, InterruptedException {
        held.set(accessTokens.renewRefused(organization, connectionId, platform, held.get()));
    }
}
