package com.callimport.connectors.gong;

import com.callimport.connector.Connector;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.connector.testkit.ConnectorContractTest;
import com.callimport.connector.testkit.VendorSimulator;
import com.callimport.connector.testkit.WindowBounds;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Gong Engage against a Gong whose calls were all placed by its dialer: the suite's claims hold for dialer calls. */
class GongEngageConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new GongEngageConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        GongSimulator gong = GongSimulator.start(clock());
        gong.useDialerShare(1.0);
        return gong;
    }

    @Override
    protected Set<WindowBounds> vendorWindowReadings() {
        return EnumSet.of(WindowBounds.HALF_OPEN);
    }

    @Override
    protected Credentials goodCredentials() {
        return GongCredentialsFixture.accepted();
    }

    @Override
    protected Credentials badCredentials() {
        return new Credentials(Map.of(
                "baseUrl", Secret.of("https://us-12345.api.gong.io"),
                "accessKey", Secret.of("wrong-access-key"),
                "accessKeySecret", Secret.of("wrong-access-key-secret")));
    }
}
