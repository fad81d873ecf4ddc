package com.callimport.connectors.ringcentral;

import com.callimport.connector.Connector;
import com.callimport.connector.Credentials;
import com.callimport.connector.testkit.ConnectorContractTest;
import com.callimport.connector.testkit.VendorSimulator;

class RingCentralConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new RingCentralConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        return RingCentralSimulator.start(clock());
    }

    @Override
    protected Credentials goodCredentials() {
        return RingCentralCredentialsFixture.accepted();
    }

    @Override
    protected Credentials badCredentials() {
        return RingCentralCredentialsFixture.withAccessToken("U1BCMDFUMDRKV1MwMXxzLFSvXdw5PHMsVLEn_MrtcyxUsw");
    }
}
