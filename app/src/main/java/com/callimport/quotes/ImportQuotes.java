package com.callimport.quotes;

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
 * allows (one request where it reports a total), prices them and estimates the timeline.
 */
@Component
public class ImportQuotes {
    private final Connections connections;
    private final OpenSources sources;
    private final Organizations organizations;
    private final CallStore calls;
    private final Pricing pricing;
    private final TimelineEstimator estimator;
    private final VendorCallCounts counts;
    private final Clock clock;

    ImportQuotes(Connections connections, OpenSources sources, Organizations organizations, CallStore calls, Pricing pricing,
                 TimelineEstimator estimator, VendorCallCounts counts, Clock clock) {
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
            access = source.verifyAccess();
            count = source.countCalls(window);
        }
        counts.remember(connectionId, window, count);
        List<String> countedDuringImport = new ArrayList<>(List.of(
                "calls the connection leaves out (e.g. private calls) — counted during the import"));
        if (connector.capabilities().contains(Capability.RECORDINGS)) {
            countedDuringImport.add("calls without a recording — counted during the import");
        }
        PriceQuote quote = pricing.quote(connection.platform(), organizations.get(organization).plan(), count.calls(),
                calls.countByOrganization(organization), calls.countInWindow(organization, connection.platform(), window),
                countedDuringImport);
        return new ImportPreview(connectionId, connection.platform(), window, count.calls(), count.exact(), quote,
                estimator.estimate(connector, count.calls(), window), access.limits());
    }
}
