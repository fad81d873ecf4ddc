package com.callimport.connector;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One host name, or one family of host names, that a vendor documents for its API or its media storage:
 * either an exact name ({@code api.fathom.ai}) or any name under a domain ({@code *.api.gong.io}, which
 * matches {@code us-12345.api.gong.io} but not {@code api.gong.io} itself, nor {@code evil-api.gong.io}).
 * Only names are ever matched: an IP address in any spelling matches no pattern.
 *
 * @param pattern the exact host name, or {@code *.} followed by the domain
 */
public record HostPattern(String pattern) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("(" + LABEL + "\\.)+[a-z][a-z0-9-]*[a-z0-9]");

    public HostPattern {
        Objects.requireNonNull(pattern, "pattern");
        String domain = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!NAME.matcher(domain).matches()) {
            throw new IllegalArgumentException("host pattern '" + pattern + "' is not a lower-case host name like "
                    + "api.example.com or *.api.example.com; write the vendor's documented host");
        }
    }

    /** Exactly this host. */
    public static HostPattern exactly(String host) {
        return new HostPattern(host);
    }

    /** Any host one or more labels under {@code domain}, e.g. a per-customer API host. */
    public static HostPattern anyUnder(String domain) {
        return new HostPattern("*." + domain);
    }

    /** Whether {@code host} (as in a URI, case-insensitive, with or without a trailing dot) is one this pattern names. */
    public boolean matches(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!NAME.matcher(name).matches()) {
            return false;
        }
        // a wildcard stands for whole labels: *.api.gong.io takes us-1.api.gong.io, not api.gong.io nor xapi.gong.io
        return pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) : name.equals(pattern);
    }

    /** The pattern as an address a customer recognises: {@code https://<something>.api.gong.io}. */
    public String asAddress() {
        return "https://" + (pattern.startsWith("*.") ? "<something>" + pattern.substring(1) : pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
