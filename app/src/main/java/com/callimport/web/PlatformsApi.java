package com.callimport.web;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.Capability;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.connector.SettingField;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platforms this engine can import from, as their connectors declare them. */
@RestController
@RequestMapping("/api/platforms")
class PlatformsApi {
    private final KnownConnectors connectors;

    PlatformsApi(KnownConnectors connectors) {
        this.connectors = connectors;
    }

    record RateLimitView(long requests, String per) {
    }

    record PlatformView(String platform, String displayName, Set<Capability> capabilities,
                        List<CredentialField> credentialFields, List<SettingField> settingFields, List<RateLimitView> rateLimits) {
        static PlatformView of(Connector connector) {
            return new PlatformView(connector.platform().value(), connector.displayName(), connector.capabilities(),
                    connector.credentialFields(), connector.settingFields(),
                    connector.rateLimits().stream().map(limit -> new RateLimitView(limit.requests(), limit.period().toString())).toList());
        }
    }

    @GetMapping
    List<PlatformView> list() {
        return connectors.all().stream().map(PlatformView::of).toList();
    }

    @GetMapping("/{platform}")
    PlatformView get(@PathVariable String platform) {
        return PlatformView.of(connectors.require(platform));
    }
}
