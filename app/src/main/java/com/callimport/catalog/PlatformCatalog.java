package com.callimport.catalog;

import com.callimport.connector.Capability;
import com.callimport.connector.Connector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one source of truth about platforms: the catalogue data joined with the connectors present.
 * It refuses to exist when the two disagree — a connector missing from the catalogue, a catalogue
 * entry claiming support without a connector, or capabilities that differ — so neither the service
 * nor the build can publish a matrix that the engine does not enforce.
 */
public class PlatformCatalog {
    static final String RESOURCE = "/catalog/platforms.json";

    private final List<PlatformEntry> entries;
    private final KnownConnectors connectors;

    public PlatformCatalog(List<PlatformEntry> entries, KnownConnectors connectors) {
        List<String> problems = disagreements(entries, connectors);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the platform catalogue (" + RESOURCE + ") and the connectors disagree:\n  - "
                    + String.join("\n  - ", problems));
        }
        this.entries = entries.stream()
                .sorted(Comparator.comparing((PlatformEntry entry) -> entry.status().ordinal()).thenComparing(PlatformEntry::name))
                .toList();
        this.connectors = connectors;
    }

    public static PlatformCatalog load(KnownConnectors connectors, JsonMapper json) {
        try (InputStream data = PlatformCatalog.class.getResourceAsStream(RESOURCE)) {
            if (data == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            record CatalogueFile(List<PlatformEntry> platforms) { }
            return new PlatformCatalog(json.readValue(data, CatalogueFile.class).platforms(), connectors);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    public List<PlatformEntry> entries() {
        return entries;
    }

    public Optional<PlatformEntry> find(String platform) {
        return entries.stream().filter(entry -> entry.platform().equals(platform)).findFirst();
    }

    public PlatformEntry require(String platform) {
        return find(platform).orElseThrow(() -> new KnownConnectors.UnknownPlatform(platform,
                entries.stream().map(PlatformEntry::platform).sorted().toList()));
    }

    public Optional<Connector> connector(String platform) {
        return connectors.find(platform);
    }

    static List<String> disagreements(List<PlatformEntry> entries, KnownConnectors connectors) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (PlatformEntry entry : entries) {
            if (!seen.add(entry.platform())) {
                problems.add("platform '" + entry.platform() + "' is described twice");
            }
            Optional<Connector> connector = connectors.find(entry.platform());
            if (connector.isEmpty() && entry.status().hasConnector()) {
                problems.add(entry.platform() + " is marked " + entry.status() + " but no connector for it is on the class path");
            }
            if (connector.isEmpty() && !entry.capabilities().isEmpty()) {
                problems.add(entry.platform() + " lists capabilities " + sorted(entry.capabilities()) + " but has no connector");
            }
            if (connector.isPresent() && !entry.status().hasConnector()) {
                problems.add(entry.platform() + " has a connector but the catalogue marks it " + entry.status());
            }
            connector.filter(present -> !present.capabilities().equals(entry.capabilities())).ifPresent(present ->
                    problems.add(entry.platform() + ": the connector declares " + sorted(present.capabilities())
                            + " but the catalogue says " + sorted(entry.capabilities())));
        }
        for (Connector connector : connectors.all()) {
            if (!seen.contains(connector.platform().value())) {
                problems.add("connector " + connector.platform() + " (" + connector.getClass().getName()
                        + ") is missing from the catalogue");
            }
        }
        return problems;
    }

    private static String sorted(Set<Capability> capabilities) {
        return capabilities.stream().map(Enum::name).sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
