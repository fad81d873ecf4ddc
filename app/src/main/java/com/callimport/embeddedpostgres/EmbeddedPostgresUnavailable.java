package com.callimport.embeddedpostgres;

/** The embedded default's database cannot start; the message says why and what the operator should do. */
public final class EmbeddedPostgresUnavailable extends RuntimeException {
    EmbeddedPostgresUnavailable(String message) {
        super(message);
    }

    EmbeddedPostgresUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
