package com.callimport.capabilitymatrix;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.connector.Capability;
import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.estimates.TimelineEstimator;
import com.callimport.pricing.PriceList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The matrix a sales rep answers from: Platform | Status | Requirements | Data | Pricing | Timeline,
 * one row per catalogue entry, as Markdown (checked in as docs/capability-matrix.md), CSV (for pasting
 * into Notion) and rows for the JSON API. Everything in it is derived; nothing is typed in twice.
 */
@Component
public class CapabilityMatrix {
    // a year of history is the usual request; timeline rules assume calls spread over it
    private static final DateWindow TYPICAL_HISTORY = new DateWindow(Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00Z"));
    private static final Map<Capability, String> DATA_LABELS = Map.of(
            Capability.METADATA, "metadata", Capability.PARTICIPANTS, "participants", Capability.TRANSCRIPTS, "transcripts",
            Capability.RECORDINGS, "recordings", Capability.HISTORICAL_BACKFILL, "history", Capability.ONGOING_SYNC, "ongoing sync",
            Capability.WEBHOOKS, "webhooks");

    private final PlatformCatalog catalog;
    private final PriceList prices;
    private final TimelineEstimator estimator;

    public CapabilityMatrix(PlatformCatalog catalog, PriceList prices, TimelineEstimator estimator) {
        this.catalog = catalog;
        this.prices = prices;
        this.estimator = estimator;
    }

    /** One row of the matrix. */
    public record Row(String platform, String name, String kind, String status, String requirements, String data,
                      List<String> capabilities, String pricing, String timeline, List<String> limits, String note) {
    }

    public List<Row> rows() {
        return catalog.entries().stream().map(this::row).toList();
    }

    public Row row(String platform) {
        return row(catalog.require(platform));
    }

    public String markdown() {
        StringBuilder text = new StringBuilder("""
                # Capability matrix

                Generated from the platform catalogue (`app/src/main/resources/catalog/platforms.json`), the connectors'
                declared capabilities, the pricing settings and the timeline model. Do not edit by hand: run
                `bin/generate-docs`; CI fails when this file is stale. Also as CSV: `capability-matrix.csv`, and as JSON:
                `GET /api/catalog`.

                | Platform | Status | Requirements | Data | Pricing | Timeline |
                |---|---|---|---|---|---|
                """);
        for (Row row : rows()) {
            text.append("| ").append(cell(row.name() + " (" + row.kind() + ")"))
                    .append(" | ").append(cell(row.status() + (row.note() == null ? "" : " — " + row.note())))
                    .append(" | ").append(cell(row.requirements()))
                    .append(" | ").append(cell(row.data() + (row.limits().isEmpty() ? "" : ". Limits: " + String.join("; ", row.limits()))))
                    .append(" | ").append(cell(row.pricing()))
                    .append(" | ").append(cell(row.timeline()))
                    .append(" |\n");
        }
        text.append("""

                Timelines assume a year of history with calls spread evenly, the vendor's documented rate budget, and
                recordings of typical size; a real connection's preview counts its calls at the vendor and estimates
                from that, calibrated by past imports of the same platform.
                """);
        return text.toString();
    }

    public String csv() {
        StringBuilder text = new StringBuilder("Platform,Status,Requirements,Data,Pricing,Timeline,Limits,Note\n");
        for (Row row : rows()) {
            text.append(String.join(",", List.of(csvCell(row.name()), csvCell(row.status()), csvCell(row.requirements()),
                    csvCell(row.data()), csvCell(row.pricing()), csvCell(row.timeline()),
                    csvCell(String.join("; ", row.limits())), csvCell(row.note() == null ? "" : row.note())))).append('\n');
        }
        return text.toString();
    }

    private Row row(PlatformEntry entry) {
        PlatformEntry.Requirements needs = entry.requirements();
        String requirements = needs == null ? "" : "Credential: " + needs.credential() + ". Role: " + needs.role()
                + ". Permissions: " + needs.permissions() + ". Plan: " + needs.plan() + ".";
        Optional<Connector> connector = catalog.connector(entry.platform());
        String pricing = connector.isPresent() ? prices.describe(entry.platform()) : "—";
        String timeline = connector.map(this::timelineRule).orElse("—");
        List<String> capabilities = entry.capabilities().stream().sorted().map(capability -> DATA_LABELS.get(capability)).toList();
        String data = entry.data() + (capabilities.isEmpty() ? "" : " [" + String.join(", ", capabilities) + "]");
        return new Row(entry.platform(), entry.name(), entry.kind(), entry.status().label(), requirements, data,
                capabilities, pricing, timeline, entry.limits(), entry.note());
    }

    private String timelineRule(Connector connector) {
        long sameDay = estimator.callsWithin(connector, Duration.ofHours(8), TYPICAL_HISTORY);
        long threeDays = estimator.callsWithin(connector, Duration.ofDays(3), TYPICAL_HISTORY);
        return String.format("Same day up to ~%s calls; 1–3 days up to ~%s calls", round(sameDay), round(threeDays));
    }

    /** Two significant figures: a sales answer, not a promise to the call. */
    private static String round(long calls) {
        if (calls < 100) {
            return String.format("%,d", calls);
        }
        long magnitude = (long) Math.pow(10, (long) Math.log10(calls) - 1);
        return String.format("%,d", calls / magnitude * magnitude);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String csvCell(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
