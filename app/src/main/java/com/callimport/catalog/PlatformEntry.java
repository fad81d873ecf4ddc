package com.callimport.catalog;

import com.callimport.connector.Capability;
import java.util.List;
import java.util.Set;

/**
 * One platform as sales and customers see it: whether we support it, what the customer must
 * provide, what comes over and what limits apply. Read from {@code catalog/platforms.json}.
 */
public record PlatformEntry(
        String platform,
        String name,
        String kind,
        PlatformStatus status,
        Set<Capability> capabilities,
        Requirements requirements,
        String data,
        List<String> limits,
        String note) {

    public PlatformEntry {
        if (platform == null || platform.isBlank()) {
            throw new IllegalArgumentException("catalogue entry without a platform id");
        }
        if (status == null) {
            throw new IllegalArgumentException("catalogue entry '" + platform + "' has no status");
        }
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /** What the customer needs to connect. */
    public record Requirements(String credential, String role, String permissions, String plan) {
    }
}
