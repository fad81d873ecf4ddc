package com.callimport.connectors.zoomphone;

import com.callimport.connector.Connector;
import com.callimport.connector.Credentials;
import com.callimport.connector.testkit.ConnectorContractTest;
import com.callimport.connector.testkit.VendorSimulator;

class ZoomPhoneConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Connector connector() {
        return new ZoomPhoneConnector();
    }

    @Override
    protected VendorSimulator startSimulator() {
        return ZoomPhoneSimulator.start(clock());
    }

    @Override
    protected Credentials goodCredentials() {
        return ZoomPhoneCredentialsFixture.accepted();
    }

    @Override
    protected Credentials badCredentials() {
        return ZoomPhoneCredentialsFixture.withAccessToken("eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0.revoked");
    }
}
