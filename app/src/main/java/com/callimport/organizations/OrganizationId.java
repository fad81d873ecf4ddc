package com.callimport.organizations;

import java.util.Objects;
import java.util.UUID;

/** The tenant every connection, run, call and recording belongs to. */
public record OrganizationId(UUID value) {
    public OrganizationId {
        Objects.requireNonNull(value, "value");
    }

    public static OrganizationId random() {
        return new OrganizationId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
