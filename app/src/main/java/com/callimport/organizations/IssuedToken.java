package com.callimport.organizations;

/** A freshly issued API token: the only moment its plain value exists outside the caller. */
public record IssuedToken(Organization organization, String token) {
    @Override
    public String toString() {
        return "IssuedToken[" + organization.id() + ", token=redacted]";
    }
}
