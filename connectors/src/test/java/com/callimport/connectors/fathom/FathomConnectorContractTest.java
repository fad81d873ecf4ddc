package com.callimport.connectors.fathom;

import com.callimport.connector.Connector;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.connector.testkit.ConnectorContractTest;
import com.callimport.connector.testkit.VendorSimulator;

import java.util.Map;

class FathomConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new FathomConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        return FathomSimulator.start(clock());
    }

    @Override
    protected Credentials goodCredentials() {
        return FathomCredentialsFixture.accepted();
    }

    @Override
    protected Credentials badCredentials() {
        return new Credentials(Map.of(FathomConnector.API_KEY, Secret.of("wrong-fathom-api-key")));
    }
}
