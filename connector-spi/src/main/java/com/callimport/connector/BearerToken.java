package com.callimport.connector;

/**
 * The engine's current bearer token of an OAuth connection ({@link Connector#oauth()}), found in
 * {@link ConnectionContext#bearerToken()}. A connector asks for it immediately before every request it sends and
 * never keeps it: an import outlives a token (a page of recordings at a vendor's slowest pace can take hours), so
 * the engine renews the token as it comes due. When the vendor refuses a token anyway (revoked, expired early),
 * the connector reports {@link ConnectorException.AuthenticationFailed} as usual; the engine then renews the token
 * once and repeats the request, so connectors never refresh or retry themselves.
 *
 * <p>Called from any thread that uses the source, {@link CallSource#openRecording} threads included.
 */
@FunctionalInterface
public interface BearerToken {

    /**
     * The token to send now; usually answered from memory, at times after a refresh at the vendor's token endpoint.
     *
     * @throws ConnectorException.AuthenticationFailed when the grant is gone and the customer must reconnect
     * @throws ConnectorException.TemporarilyUnavailable when the vendor's token endpoint cannot renew it for now
     */
    Secret current() throws ConnectorException, InterruptedException;
}
