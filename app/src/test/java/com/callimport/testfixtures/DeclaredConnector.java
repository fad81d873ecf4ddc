package com.callimport.testfixtures;

import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.connector.HostPattern;
import com.callimport.connector.ListingCost;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RateLimit;
import com.callimport.connector.VendorHosts;
import java.util.List;
import java.util.Set;

/** A connector that only declares what it is; for tests of the catalogue and estimates, which never open a source. */
public record DeclaredConnector(String id, Set<Capability> capabilities, List<RateLimit> rateLimits, ListingCost listingCost)
        implements Connector {

    public static DeclaredConnector withCapabilities(String id, Set<Capability> capabilities) {
        return new DeclaredConnector(id, capabilities, List.of(), new ListingCost(100, 1, 0));
    }

    @Override
    public PlatformId platform() {
        return PlatformId.of(id);
    }

    @Override
    public String displayName() {
        return id;
    }

    @Override
    public VendorHosts hosts() {
        return new VendorHosts(List.of(HostPattern.exactly("api." + id + ".example")), List.of());
    }

    @Override
    public List<CredentialField> credentialFields() {
        return List.of();
    }

    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        return id;
    }

    @Override
    public CallSource open(ConnectionContext context) {
        throw new UnsupportedOperationException("a declared connector only declares");
    }
}
