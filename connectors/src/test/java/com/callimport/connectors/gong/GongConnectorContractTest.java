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

class GongConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new GongConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        return GongSimulator.start(clock());
    }

    // Gong's spec: fromDateTime inclusive, toDateTime exclusive
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
