package com.callimport.testfixtures;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port against real PostgreSQL ({@link TestDatabase}), with fast
 * retries so that injected vendor faults cost milliseconds, not minutes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "callimport.bootstrap-token=test-bootstrap-token",
        "callimport.retry.initial-backoff=10ms",
        "callimport.retry.max-backoff=100ms",
        "jobrunr.background-job-server.poll-interval-in-seconds=5",
        // alerts are evaluated when a test asks (AlertsIntegrationTest), not behind other tests' backs
        "callimport.alerts.evaluate-interval=0s",
        // cached test contexts close one after another at the end; do not let each wait for its workers
        "jobrunr.background-job-server.interrupt-jobs-await-duration-on-stop=1s",
        "spring.lifecycle.timeout-per-shutdown-phase=2s"
})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public @interface EngineIntegrationTest {
}
