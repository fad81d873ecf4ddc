package com.callimport.connectors;

import com.callimport.connector.testkit.ContractCoverage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorContractCoverageTest {

    @Test
    void everyRegisteredConnectorHasAContractTest() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(ContractCoverage.registeredConnectors(loader)).isNotEmpty();
        assertThat(ContractCoverage.connectorsWithoutContractTest(loader)).isEmpty();
    }
}
