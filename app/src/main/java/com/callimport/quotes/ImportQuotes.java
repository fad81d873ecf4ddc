package com.callimport.quotes;

import com.callimport.EngineProperties;
import com.callimport.billing.Checkouts;
import com.callimport.calls.CallStore;
import com.callimport.connections.Connection;
import com.callimport.connections.Connections;
import com.callimport.connections.OpenSources;
import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.imports.ImportWindows;
import com.callimport.imports.VendorCallCounts;
import com.callimport.imports.VendorRetry;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.pricing.PriceQuote;
import com.callimport.pricing.Pricing;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Previews an import of a real connection: counts the calls at the vendor as cheaply as the vendor
 * allows (one request where it reports a total), prices only those the import will bring over, lists
 * beside them what the connection's settings leave out and why, and estimates the timeline. A
 * transient vendor fault is retried briefly, as the import would, before the customer sees a 503.
 */
@Component
public class ImportQuotes {
    private final Connections connections;
    private final OpenSources sources;
    private final Organizations organizations;
    private final CallStore calls;
    private final Pricing pricing;
    private final TimelineEstimator estimator;
    private final VendorRetry retry;
    private final VendorCallCounts counts;
    private final Clock clock;
    private final Checkouts checkouts;

    ImportQuotes(Connections connections, OpenSources sources, Organizations organizations, CallStore calls, Pricing pricing,
                 TimelineEstimator estimator, VendorRetry retry, VendorCallCounts counts, EngineProperties properties, Clock clock,
                 Checkouts checkouts) {
        this.checkouts = checkouts;
        // a customer is waiting on the answer: retry as an import would, but only for a few seconds
        this.retry = retry.within(properties.retry().requestBudget());
        this.counts = counts;
        this.connections = connections;
        this.sources = sources;
        this.organizations = organizations;
        this.calls = calls;
        this.pricing = pricing;
        this.estimator = estimator;
        this.clock = clock;
    }

    public ImportPreview preview(OrganizationId organization, UUID connectionId, DateWindow window)
            throws ConnectorException, InterruptedException {
        ImportWindows.check(window, Instant.now(clock));
        Connection connection = connections.get(organization, connectionId);
        Connector connector = sources.connectorOf(organization, connectionId);
        CallCount count;
        AccessCheck access;
        try (CallSource source = sources.open(organization, connectionId)) {
            access = retry.send(source::verifyAccess, VendorRetry.Observer.NONE);
            count = retry.send(() -> source.countCalls(window), VendorRetry.Observer.NONE);
        }
        counts.remember(connectionId, window, count);
        List<String> countedDuringImport = new ArrayList<>();
        if (connector.capabilities().contains(Capability.RECORDINGS)) {
            countedDuringImport.add("calls without a recording — counted during the import");
        }
        List<ImportPreview.Excluded> excluded = count.excluded().stream()
                .map(exclusion -> new ImportPreview.Excluded(exclusion.calls(), exclusion.reason(),
                        String.format("%s%,d %s", count.exact() ? "" : "at least ", exclusion.calls(), exclusion.reason())))
                .toList();
        List<PriceQuote.NotBilled> notBilled = count.excluded().stream()
                .map(exclusion -> new PriceQuote.NotBilled(exclusion.reason(), exclusion.calls()))
                .toList();
        PriceQuote quote = pricing.quote(connection.platform(), organizations.get(organization).plan(), count.toImport(),
                !count.exact(), checkouts.freeCallsUsed(organization),
                calls.countInWindow(organization, connector.callIdentity().value(), window), notBilled, countedDuringImport);
        return new ImportPreview(connectionId, connection.platform(), window, count.toImport(), count.exact(), excluded, quote,
                estimator.estimate(connector, count, window), access.limits());
    }
}
