/**
 * The contract every connector passes: one abstract suite ({@link com.callimport.connector.testkit.ConnectorContractTest})
 * run by a short subclass per connector against that vendor's simulator, plus the pieces the suite and
 * the simulators share (seeding plans, recorded exchanges, vendor-spec conformance).
 */
package com.callimport.connector.testkit;
