package com.callimport.web;

import com.callimport.connections.Connection;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallSource;
import com.callimport.connector.ConnectorException;
import com.callimport.organizations.OrganizationId;
import com.callimport.quotes.ImportPreview;
import com.callimport.quotes.ImportQuotes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.callimport.webhooks.WebhookSubscriptions;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Connections to vendor accounts. Secret credential values go in and never come back out. */
@RestController
@RequestMapping("/api/connections")
class ConnectionsApi {
    private final Connections connections;
    private final OpenSources sources;
    private final ImportQuotes quotes;
    private final WebhookSubscriptions webhooks;

    ConnectionsApi(Connections connections, OpenSources sources, ImportQuotes quotes, WebhookSubscriptions webhooks) {
        this.connections = connections;
        this.webhooks = webhooks;
        this.sources = sources;
        this.quotes = quotes;
    }

    record NewConnectionRequest(String platform, String name, Map<String, String> credentials, Map<String, String> settings) {
    }

    record TestResult(boolean ok, ConnectionStatus status, String account, List<String> limits, String problem) {
    }

    record PreviewRequest(Instant from, Instant to) {
    }

    record NewCredentials(Map<String, String> credentials) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Connection create(OrganizationId organization, @RequestBody NewConnectionRequest request) {
        return connections.create(organization, new Connections.NewConnection(request.platform(), request.name(),
                request.credentials(), request.settings()));
    }

    @GetMapping
    List<Connection> list(OrganizationId organization) {
        return connections.list(organization);
    }

    @GetMapping("/{id}")
    Connection get(OrganizationId organization, @PathVariable UUID id) {
        return connections.get(organization, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(OrganizationId organization, @PathVariable UUID id) throws InterruptedException {
        connections.get(organization, id);
        // while the credentials still exist to end it: a vendor subscription would otherwise outlive the connection
        webhooks.unwant(organization, id);
        connections.delete(organization, id);
    }

    /**
     * Replaces the connection's credentials (e.g. a new JWT or API key after the old one was revoked), checked like at
     * creation, then tests them at once: the connection comes back with the outcome as its status, never with a secret.
     */
    @PutMapping("/{id}/credentials")
    Connection replaceCredentials(OrganizationId organization, @PathVariable UUID id, @RequestBody NewCredentials request)
            throws InterruptedException {
        connections.replaceCredentials(organization, id, request.credentials());
        test(organization, id);
        return connections.get(organization, id);
    }

    /** Tries the credentials at the vendor and records the outcome as the connection's health. */
    @PostMapping("/{id}/test")
    TestResult test(OrganizationId organization, @PathVariable UUID id) throws InterruptedException {
        try (CallSource source = sources.open(organization, id)) {
            AccessCheck access = source.verifyAccess();
            connections.recordHealth(organization, id, ConnectionStatus.ACTIVE, null);
            return new TestResult(true, ConnectionStatus.ACTIVE, access.account(), access.limits(), null);
        } catch (ConnectorException.AuthenticationFailed refused) {
            connections.recordHealth(organization, id, ConnectionStatus.NEEDS_ATTENTION, refused.getMessage());
            return new TestResult(false, ConnectionStatus.NEEDS_ATTENTION, null, List.of(), refused.getMessage());
        } catch (ConnectorException.UnexpectedResponse notTheVendor) {
            // not a passing outage: the address or the vendor's answer is wrong, and waiting will not fix it
            connections.recordHealth(organization, id, ConnectionStatus.UNREACHABLE, notTheVendor.getMessage());
            return new TestResult(false, ConnectionStatus.UNREACHABLE, null, List.of(), notTheVendor.getMessage());
        } catch (ConnectorException unreachable) {
            connections.recordHealth(organization, id, ConnectionStatus.UNREACHABLE, unreachable.getMessage());
            return new TestResult(false, ConnectionStatus.UNREACHABLE, null, List.of(),
                    "the vendor could not be reached: " + unreachable.getMessage() + "; try again later");
        }
    }

    /** How many calls an import of the window would bring (the vendor's own count), what it costs and how long it takes. */
    @PostMapping("/{id}/preview")
    ImportPreview preview(OrganizationId organization, @PathVariable UUID id, @RequestBody PreviewRequest request)
            throws ConnectorException, InterruptedException {
        return quotes.preview(organization, id, ImportRunsApi.window(request.from(), request.to()));
    }
}
