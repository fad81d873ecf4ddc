package com.callimport.web.pages;

import org.springframework.security.authentication.AccountStatusException;

/**
 * Too many sign-in attempts for one email from one address; the message says how long to wait. An account
 * status refusal, so that no other authentication provider is asked after it.
 */
class SignInThrottled extends AccountStatusException {
    SignInThrottled(String message) {
        super(message);
    }
}
