package com.callimport.web.pages;

import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins for one email from one address; the message says how long to wait. */
class SignInThrottled extends AuthenticationException {
    SignInThrottled(String message) {
        super(message);
    }
}
