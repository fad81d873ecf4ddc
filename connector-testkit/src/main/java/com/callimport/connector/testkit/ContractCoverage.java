package com.callimport.connector.testkit;

import com.callimport.connector.Connector;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds connectors without a contract test, so that a module's build fails when a connector is
 * registered but never held to the contract. The rule: a connector {@code a.b.FooConnector} has a test
 * class {@code a.b.FooConnectorContractTest} extending {@link ConnectorContractTest}.
 */
public final class ContractCoverage {

    private ContractCoverage() {
    }

    /** The registered connectors (through {@link ServiceLoader}) on {@code loader}'s classpath. */
    public static List<Class<? extends Connector>> registeredConnectors(ClassLoader loader) {
        List<Class<? extends Connector>> connectors = new ArrayList<>();
        ServiceLoader.load(Connector.class, loader).stream().forEach(provider -> connectors.add(provider.type()));
        return connectors;
    }

    /** One line per registered connector that lacks its contract test, saying what to add. */
    public static List<String> connectorsWithoutContractTest(ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Connector> connector : registeredConnectors(loader)) {
            String expected = connector.getName() + "ContractTest";
            try {
                Class<?> test = Class.forName(expected, false, loader);
                if (!ConnectorContractTest.class.isAssignableFrom(test)) {
                    missing.add(expected + " exists but does not extend " + ConnectorContractTest.class.getSimpleName());
                }
            } catch (ClassNotFoundException absent) {
                missing.add(connector.getName() + " has no contract test; add " + expected
                        + " extending " + ConnectorContractTest.class.getName());
            }
        }
        return missing;
    }
}
