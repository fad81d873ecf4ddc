package com.callimport.embeddedpostgres;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports why the embedded database did not start as two sentences for the operator, not as a stack trace. */
class EmbeddedPostgresFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPostgresUnavailable> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPostgresUnavailable cause) {
        return new FailureAnalysis("The embedded database did not start: " + cause.getMessage() + ".",
                "Do what the description says; to use an external PostgreSQL instead, set SPRING_DATASOURCE_URL "
                        + "(with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD).", cause);
    }
}
