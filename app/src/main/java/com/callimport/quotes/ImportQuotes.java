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
import com.callimport.imports.ImportMetrics;
import com.callimport.imports.ImportWindows;
import com.callimport.imports.VendorCallCounts;
import com.callimport.imports.VendorRetry;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.pricing.PriceQuote;
import com.callimport.pricing.Pricing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private final ImportMetrics metrics;

    ImportQuotes(Connections connections, OpenSources sources, Organizations organizations, CallStore calls, Pricing pricing,
                 TimelineEstimator estimator, VendorRetry retry, VendorCallCounts counts, EngineProperties properties, Clock clock,
                 Checkouts checkouts, ImportMetrics metrics) {
        this.checkouts = checkouts;
        this.metrics = metrics;
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
        // a 429 met while previewing is the vendor's budget running short as much as one met while importing
        VendorRetry.Observer observer = new VendorRetry.Observer() {
            @Override
            public void rateLimited(Duration retryAfter) {
                metrics.rateLimited(connection.platform());
            }
        };
        try (CallSource source = sources.open(organization, connectionId)) {
            access = retry.send(source::verifyAccess, observer);
            count = retry.send(() -> source.countCalls(window), observer);
        }
        counts.remember(connectionId, window, count);
        List<ImportPreview.Excluded> excluded = count.excluded().stream()
                .map(exclusion -> new ImportPreview.Excluded(exclusion.calls(), exclusion.reason(),
                        String.format("%s%,d %s", count.exact() ? "" : "at least ", exclusion.calls(), exclusion.reason())))
                .toList();
        return new ImportPreview(connectionId, connection.platform(), window, count.toImport(), count.exact(), excluded,
                quote(organization, connection.platform(), connector, window, count), estimator.estimate(connector, count, window), access.limits());
    }

    /**
     * The price of an import being confirmed: from the count of its preview when that preview is fresh (a customer previews,
     * then confirms), so confirming asks the vendor nothing; otherwise from a preview taken now.
     */
    public PriceQuote quoteToConfirm(OrganizationId organization, UUID connectionId, DateWindow window)
            throws ConnectorException, InterruptedException {
        ImportWindows.check(window, Instant.now(clock));
        // read without opening the credentials: a fresh count needs nothing from the vendor
        String platform = connections.platformOf(organization, connectionId);
        Optional<CallCount> previewed = counts.fresh(connectionId, window);
        if (previewed.isEmpty()) {
            return preview(organization, connectionId, window).quote();
        }
        return quote(organization, platform, sources.connectorOf(organization, connectionId), window, previewed.get());
    }

    private PriceQuote quote(OrganizationId organization, String platform, Connector connector, DateWindow window, CallCount count) {
        List<String> countedDuringImport = new ArrayList<>();
        if (connector.capabilities().contains(Capability.RECORDINGS)) {
            countedDuringImport.add("calls without a recording — counted during the import");
        }
        List<PriceQuote.NotBilled> notBilled = count.excluded().stream()
                .map(exclusion -> new PriceQuote.NotBilled(exclusion.reason(), exclusion.calls()))
                .toList();
        return pricing.quote(platform, organizations.get(organization).plan(), count.toImport(),
                !count.exact(), checkouts.freeCallsUsed(organization),
                calls.countInWindow(organization, connector.callIdentity().value(), window), notBilled, countedDuringImport);
    }
}
