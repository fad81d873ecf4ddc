package com.callimport.connections;

import com.callimport.EngineProperties;
import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.CallSource;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.CredentialField;
import com.callimport.connector.Credentials;
import com.callimport.organizations.OrganizationId;
import com.callimport.ratelimits.RateBudgets;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Opens a connection's call source with its decrypted credentials and its account's shared rate budget. */
@Component
public class OpenSources {
    private final Connections connections;
    private final KnownConnectors connectors;
    private final RateBudgets budgets;
    private final EngineProperties properties;
    private final AccessTokens accessTokens;
    private final Clock clock;

    OpenSources(Connections connections, KnownConnectors connectors, RateBudgets budgets, EngineProperties properties,
                AccessTokens accessTokens, Clock clock) {
        this.connections = connections;
        this.connectors = connectors;
        this.budgets = budgets;
        this.properties = properties;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    /**
     * @throws ConnectorException.AuthenticationFailed when an OAuth connection's grant is gone and the customer must reconnect
     * @throws ConnectorException.TemporarilyUnavailable when an OAuth token could not be refreshed for now
     */
    public CallSource open(OrganizationId organization, UUID connectionId) throws ConnectorException, InterruptedException {
        return open(organization, connectionId, RequestPermits.UNLIMITED);
    }

    /**
     * Opens the source with a gate the connector passes before and after every wait for the account's rate budget,
     * i.e. right before each vendor request: a run's workers check there whether they are still wanted, and stop
     * by throwing an {@link InterruptedException}.
     */
    public CallSource open(OrganizationId organization, UUID connectionId, RequestPermits gate)
            throws ConnectorException, InterruptedException {
        return open(organization, connectionId, gate, () -> { });
    }

    /**
     * As {@link #open(OrganizationId, UUID, RequestPermits)}, and tells {@code permitted} each time a request is let
     * through {@code gate} and is about to take its rate permit, on the connector's thread: a run tallies its vendor
     * requests there. It is told before the permit, not after, because what it does (now and then a write to the run)
     * would otherwise sit between the permit and the request and bunch requests the budget had spaced: a vendor answered
     * 429 to one request in seven of a 5,000-call import when the tally was written after the permit.
     */
    public CallSource open(OrganizationId organization, UUID connectionId, RequestPermits gate, Runnable permitted)
            throws ConnectorException, InterruptedException {
        Connection connection = connections.get(organization, connectionId);
        Connector connector = connectors.require(connection.platform());
        Credentials credentials = connections.credentials(organization, connectionId);
        ConnectionBearerToken token = null;
        if (connector.oauth().isPresent()) {
            credentials = accessTokens.current(organization, connectionId, connection.platform(), credentials);
            token = new ConnectionBearerToken(organization, connectionId, connection.platform(), accessTokens, credentials);
        }
        Optional<URI> baseUrl = Optional.ofNullable(properties.platforms().get(connection.platform()))
                .map(EngineProperties.Platform::baseUrl);
        if (baseUrl.isEmpty()) {
            // a connection stored before addresses were checked must not reach a host the customer chose
            for (CredentialField field : connector.credentialFields()) {
                String problem = field.apiAddress() ? credentials.find(field.name())
                        .map(value -> Connections.addressProblem(connector, field, value.reveal())).orElse(null) : null;
                if (problem != null) {
                    throw new ConnectorException.AuthenticationFailed(problem + " Create the connection again with that address.");
                }
            }
        }
        ConnectionContext withoutBudget = new ConnectionContext(credentials, connection.settings(), baseUrl,
                properties.requestTimeout(), RequestPermits.UNLIMITED, clock);
        RequestPermits budget = budgets.forAccount(connection.platform(), connector.rateBudgetAccount(withoutBudget),
                connector.rateLimits(), connector.rateLimitGroups());
        RequestPermits permits = new RequestPermits() {
            @Override
            public void awaitPermit() throws InterruptedException {
                gate.awaitPermit();
                permitted.run();
                budget.awaitPermit();
                gate.awaitPermit();
            }

            @Override
            public void awaitPermit(String group) throws InterruptedException {
                gate.awaitPermit();
                permitted.run();
                budget.awaitPermit(group);
                gate.awaitPermit();
            }
        };
        if (token == null) {
            return connector.open(new ConnectionContext(credentials, connection.settings(), baseUrl,
                    properties.requestTimeout(), permits, clock));
        }
        return new RenewingCallSource(connector.open(new ConnectionContext(credentials, connection.settings(), baseUrl,
                properties.requestTimeout(), permits, clock, token)), token);
    }

    public Connector connectorOf(OrganizationId organization, UUID connectionId) {
        return connectors.require(connections.platformOf(organization, connectionId));
    }
}
