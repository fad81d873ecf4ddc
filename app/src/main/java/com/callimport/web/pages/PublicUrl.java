package com.callimport.web.pages;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The address people reach the service at, for links in emails: the configured one, else the asking browser's. */
@Component
class PublicUrl {
    private final WebAppProperties properties;

    PublicUrl(WebAppProperties properties) {
        this.properties = properties;
    }

    /** Without a trailing slash, e.g. {@code https://calls.example.com}; call on a request's thread. */
    String base() {
        String configured = properties.publicUrl() == null ? null : properties.publicUrl().toString();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
