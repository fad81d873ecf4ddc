package com.callimport.connections;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.organizations.OrganizationId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Tries a connection's credentials at the vendor and records the outcome as its health, for the pages (the REST
 * API's test answers the same way). A refusal comes back in the connector's own words, which say what to fix.
 */
@Component
public class ConnectionCheck {
    private final Connections connections;
    private final OpenSources sources;

    ConnectionCheck(Connections connections, OpenSources sources) {
        this.connections = connections;
        this.sources = sources;
    }

    /**
     * @param account what the vendor says the credentials belong to, when they work
     * @param limits  what the credentials will not see or bring over
     * @param problem what went wrong and what to do, when they do not
     */
    public record Outcome(boolean ok, ConnectionStatus status, Optional<String> account, List<String> limits, Optional<String> problem) {
    }

    public Outcome check(OrganizationId organization, UUID connectionId) throws InterruptedException {
        try (CallSource source = sources.open(organization, connectionId)) {
            AccessCheck access = source.verifyAccess();
            connections.recordHealth(organization, connectionId, ConnectionStatus.ACTIVE, null);
            return new Outcome(true, ConnectionStatus.ACTIVE, Optional.ofNullable(access.account()), access.limits(), Optional.empty());
        } catch (ConnectorException.AuthenticationFailed refused) {
            return failed(organization, connectionId, ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
        } catch (ConnectorException.UnexpectedResponse notTheVendor) {
            // the address or the vendor's answer is wrong, and waiting will not fix it
            return failed(organization, connectionId, ConnectionStatus.UNREACHABLE, notTheVendor.getMessage());
        } catch (ConnectorException unreachable) {
            return failed(organization, connectionId, ConnectionStatus.UNREACHABLE,
                    "the vendor could not be reached: " + unreachable.getMessage() + "; try again later");
        }
    }

    private Outcome failed(OrganizationId organization, UUID connectionId, ConnectionStatus status, String problem) {
        connections.recordHealth(organization, connectionId, status, problem);
        return new Outcome(false, status, Optional.empty(), List.of(), Optional.of(problem));
    }
}
