package com.callimport.connections;

import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.organizations.OrganizationId;
import java.util.UUID;

/**
 * Keeps an OAuth connection's access token current. Implemented by the OAuth module; connections only
 * know that a source of an OAuth platform must be opened with a fresh token.
 */
public interface AccessTokens {

    /**
     * The connection's credentials with a bearer token under {@link Credentials#ACCESS_TOKEN} that is valid
     * for a while yet, refreshed (once, however many workers ask at the same moment) when it is about to expire.
     *
     * @throws ConnectorException.AuthenticationFailed when the grant was revoked or expired: the customer must reconnect
     * @throws ConnectorException.TemporarilyUnavailable when the vendor's token endpoint is down: nothing for the customer to do
     */
    Credentials current(OrganizationId organization, UUID connectionId, String platform, Credentials stored)
            throws ConnectorException, InterruptedException;

    /**
     * The connection's credentials with an access token other than the one in {@code refused}, which the vendor
     * just refused however fresh it looked: another worker's newer token when there is one, else a new one from the
     * vendor's token endpoint (once, however many workers were refused at the same moment).
     *
     * @throws ConnectorException.AuthenticationFailed when the grant was revoked or expired: the customer must reconnect
     * @throws ConnectorException.TemporarilyUnavailable when the vendor's token endpoint is down: nothing for the customer to do
     */
    Credentials renewRefused(OrganizationId organization, UUID connectionId, String platform, Credentials refused)
            throws ConnectorException, InterruptedException;
}
