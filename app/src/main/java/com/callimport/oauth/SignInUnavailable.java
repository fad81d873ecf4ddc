package com.callimport.oauth;

/** The service has no OAuth app configured for a platform; the operator must set its client id and secret. */
public final class SignInUnavailable extends RuntimeException {
    SignInUnavailable(String message) {
        super(message);
    }
}
