package com.callimport.organizations;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** The tenant every connection, run, call and recording belongs to. */
public record OrganizationId(@JsonValue UUID value) {
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
