package com.callimport.web.pages;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app's settings ({@code callimport.web.*}).
 *
 * @param openSignUp     whether anyone may sign up and so create an organization; an operator who hands out
 *                       organizations themselves turns it off, and people then join by invitation only
 * @param publicUrl      the address people reach the service at, for links in emails (e.g.
 *                       {@code https://calls.example.com}); unset, the address the inviting person's browser used
 * @param signInAttempts how many sign-in attempts one email may make from one address per {@code signInWindow}
 * @param signInWindow   the period over which those attempts are counted
 */
@ConfigurationProperties("callimport.web")
public record WebAppProperties(
        @DefaultValue("true") boolean openSignUp,
        URI publicUrl,
        @DefaultValue("10") int signInAttempts,
        @DefaultValue("15m") Duration signInWindow) {

    public WebAppProperties {
        if (signInAttempts < 1) {
            throw new IllegalArgumentException("callimport.web.sign-in-attempts must be at least 1, not " + signInAttempts);
        }
        if (signInWindow.isNegative() || signInWindow.isZero()) {
            throw new IllegalArgumentException("callimport.web.sign-in-window must be positive, not " + signInWindow);
        }
    }
}
