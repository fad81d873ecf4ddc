package com.callimport.connectors.grain;

import com.callimport.connector.Connector;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.connector.testkit.ConnectorContractTest;
import com.callimport.connector.testkit.VendorSimulator;

import java.util.Map;

class GrainConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new GrainConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        return GrainSimulator.start(clock());
    }

    @Override
    protected Credentials goodCredentials() {
        return GrainCredentialsFixture.accepted();
    }

    @Override
    protected Credentials badCredentials() {
        return new Credentials(Map.of(GrainConnector.ACCESS_TOKEN, Secret.of("grain_pat_wrong-token")));
    }
}
