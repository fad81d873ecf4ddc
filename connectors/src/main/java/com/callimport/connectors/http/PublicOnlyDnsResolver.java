package com.callimport.connectors.http;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves host names for the HTTP client at connect time and refuses a name whose addresses are not all on
 * the public internet, so that neither a vendor's DNS answer nor a rebinding between check and connect can
 * point a request at this service's own network. The operator's override host is the one exception.
 */
final class PublicOnlyDnsResolver implements DnsResolver {
    private static final Pattern NUMERIC = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private final DnsResolver system;
    private final Optional<String> operatorHost;

    /** @param operatorHost the host of the operator's configured override, trusted on any address */
    PublicOnlyDnsResolver(DnsResolver system, Optional<String> operatorHost) {
        this.system = system;
        this.operatorHost = operatorHost.map(PublicOnlyDnsResolver::normalized);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (operatorHost.isPresent() && operatorHost.get().equals(normalized(host))) {
            return system.resolve(host);
        }
        // 2130706433, 0177.0.0.1, 0x7f.1: resolvers disagree on what they mean, so none is trusted
        if (NUMERIC.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            throw new NonPublicAddress(host);
        }
        InetAddress[] addresses = system.resolve(host);
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address)) {
                throw new NonPublicAddress(host);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }

    private static String normalized(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** A host that resolves to a loopback, private or other special-purpose address; never retried. */
    static final class NonPublicAddress extends UnknownHostException {
        NonPublicAddress(String host) {
            super(host + " resolves to an address on a private or special-purpose network, which this service never contacts");
        }
    }
}
