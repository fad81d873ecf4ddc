package com.callimport.oauth;

/** A sign-in that cannot complete, with what the customer should do; no connection was created or changed. */
public final class SignInFailed extends RuntimeException {
    SignInFailed(String message) {
        super(message);
    }
}
