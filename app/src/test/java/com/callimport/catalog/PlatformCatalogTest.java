package com.callimport.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connector.Capability;
import com.callimport.testfixtures.DeclaredConnector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PlatformCatalogTest {


    private static final Set<Capability> HISTORY = Set.of(Capability.METADATA, Capability.HISTORICAL_BACKFILL);

    private static PlatformEntry entry(String id, PlatformStatus status, Set<Capability> capabilities) {
        return new PlatformEntry(id, id, "test", status, capabilities, null, "", List.of(), null);
    }

    @Test
    void theShippedCatalogueAgreesWithTheConnectorsOnTheClassPath() {
        PlatformCatalog catalog = PlatformCatalog.load(new KnownConnectors(), JsonMapper.builder().build());

        assertThat(catalog.entries()).extracting(PlatformEntry::platform)
                .contains("gong", "chorus", "otter", "fireflies", "avoma", "aircall", "dialpad", "outreach-kaia", "salesloft",
                        "microsoft-teams", "zoom-meetings");
    }

    @Test
    void aConnectorMissingFromTheCatalogueIsRefused() {
        var connectors = new KnownConnectors(List.of(DeclaredConnector.withCapabilities("acme", HISTORY)));

        assertThatThrownBy(() -> new PlatformCatalog(List.of(), connectors))
                .hasMessageContaining("connector acme").hasMessageContaining("missing from the catalogue");
    }

    @Test
    void capabilitiesThatDisagreeAreRefusedSayingBoth() {
        var connectors = new KnownConnectors(List.of(DeclaredConnector.withCapabilities("acme", HISTORY)));
        var claimsMore = entry("acme", PlatformStatus.SUPPORTED, Set.of(Capability.METADATA, Capability.HISTORICAL_BACKFILL,
                Capability.RECORDINGS));

        assertThatThrownBy(() -> new PlatformCatalog(List.of(claimsMore), connectors))
                .hasMessageContaining("the connector declares [HISTORICAL_BACKFILL, METADATA]")
                .hasMessageContaining("the catalogue says [HISTORICAL_BACKFILL, METADATA, RECORDINGS]");
    }

    @Test
    void supportWithoutAConnectorIsRefused() {
        assertThatThrownBy(() -> new PlatformCatalog(List.of(entry("acme", PlatformStatus.SUPPORTED, HISTORY)),
                new KnownConnectors(List.of())))
                .hasMessageContaining("acme is marked SUPPORTED but no connector");
    }

    @Test
    void aConnectorMarkedUnsupportedIsRefused() {
        var connectors = new KnownConnectors(List.of(DeclaredConnector.withCapabilities("acme", HISTORY)));

        assertThatThrownBy(() -> new PlatformCatalog(List.of(entry("acme", PlatformStatus.NOT_SUPPORTED, Set.of())), connectors))
                .hasMessageContaining("acme has a connector but the catalogue marks it NOT_SUPPORTED");
    }

    @Test
    void agreeingEntriesAreAccepted() {
        var connectors = new KnownConnectors(List.of(DeclaredConnector.withCapabilities("acme", HISTORY)));

        PlatformCatalog catalog = new PlatformCatalog(List.of(entry("acme", PlatformStatus.PARTIAL, HISTORY),
                entry("later", PlatformStatus.NOT_SUPPORTED, Set.of())), connectors);

        assertThat(catalog.connector("acme")).isPresent();
        assertThat(catalog.connector("later")).isEmpty();
    }
}
