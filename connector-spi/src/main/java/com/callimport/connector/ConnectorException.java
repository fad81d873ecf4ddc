package com.callimport.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * What went wrong at the vendor, in a category the engine can act on. Messages are written for the
 * person who has to act and never contain a credential.
 */
public abstract sealed class ConnectorException extends Exception {

    private ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The vendor refused the credentials or their permissions: the customer must act. */
    public static final class AuthenticationFailed extends ConnectorException {
        public AuthenticationFailed(String remediation) {
            super(remediation, null);
        }
    }

    /** The vendor answered 429 (or its equivalent); the engine waits {@link #retryAfter()} before trying again. */
    public static final class RateLimited extends ConnectorException {
        private final Duration retryAfter;

        public RateLimited(Duration retryAfter, String message) {
            super(message, null);
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A 5xx, a timeout, a dropped or truncated response: worth retrying with backoff. */
    public static final class TemporarilyUnavailable extends ConnectorException {
        public TemporarilyUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The vendor answered something the connector cannot read; retrying will not help. */
    public static final class UnexpectedResponse extends ConnectorException {
        public UnexpectedResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
