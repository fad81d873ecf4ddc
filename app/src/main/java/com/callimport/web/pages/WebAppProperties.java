package com.callimport.web.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app's settings ({@code callimport.web.*}).
 *
 * @param openSignUp whether anyone may sign up and so create an organization; an operator who hands out
 *                   organizations themselves turns it off, and people then join by invitation only
 */
@ConfigurationProperties("callimport.web")
public record WebAppProperties(@DefaultValue("true") boolean openSignUp) {
}
