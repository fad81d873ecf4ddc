package com.callimport.events;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Keeps customer-typed endpoint addresses off our own network (server-side request forgery): an endpoint must be an
 * absolute http(s) address whose host resolves only to public addresses — not loopback, private, link-local (the
 * cloud metadata service), CGNAT, multicast or the other special-purpose blocks of the IANA registries. Checked when an
 * endpoint is registered and again before every delivery, as DNS may change in between. The same blocks as the
 * connectors' vendor-address check, which this package cannot use.
 */
final class EndpointAddresses {
    private static final List<IPAddress> SPECIAL_IPV4 = blocks("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4");
    private static final List<IPAddress> SPECIAL_IPV6 = blocks("::/128", "::1/128", "100::/64", "64:ff9b:1::/48",
            "2001::/23", "2001:db8::/32", "2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10",
            "ff00::/8");
    private static final IPAddress NAT64 = new IPAddressString("64:ff9b::/96").getAddress().toPrefixBlock();

    private EndpointAddresses() {
    }

    /** The address as typed, checked; throws with what to fix. */
    static URI check(String typed, boolean allowPrivate) {
        if (typed == null || typed.isBlank()) {
            throw new IllegalArgumentException("url: the endpoint's address is required, e.g. https://hooks.example.com/call-events");
        }
        if (typed.length() > 2000) {
            throw new IllegalArgumentException("url: at most 2,000 characters");
        }
        URI url;
        try {
            url = URI.create(typed.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: '" + typed + "' is not an address; use one like https://hooks.example.com/call-events");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("url: an absolute https:// address is needed, e.g. https://hooks.example.com/call-events");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("url: no user name or password in the address; events are signed instead");
        }
        if (!allowPrivate) {
            if (!scheme.equals("https")) {
                throw new IllegalArgumentException("url: events carry call content, so the address must use https://");
            }
            requirePublic(url);
        }
        return url;
    }

    /** Throws when the host resolves to any address that is not public. */
    static void requirePublic(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url: the host " + url.getHost() + " cannot be found; check its spelling");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new IllegalArgumentException("url: " + url.getHost() + " resolves to " + address.getHostAddress()
                        + ", which is not on the public internet; events go only to public addresses");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> isPublic(new IPv4Address(v4));
            case Inet6Address v6 -> isPublic(new IPv6Address(v6));
            default -> false;
        };
    }

    private static boolean isPublic(IPv4Address address) {
        return !(address.isLoopback() || address.isLinkLocal() || address.isLocal() || address.isAnyLocal()
                || address.isMulticast() || SPECIAL_IPV4.stream().anyMatch(block -> block.contains(address)));
    }

    private static boolean isPublic(IPv6Address address) {
        if (address.isIPv4Mapped() || address.isIPv4Compatible() || NAT64.contains(address)) {
            return !address.isUnspecified() && !address.isLoopback() && isPublic(address.getEmbeddedIPv4Address());
        }
        if (address.is6To4()) {
            return isPublic(address.get6To4IPv4Address());
        }
        return !(address.isLoopback() || address.isLinkLocal() || address.isLocal() || address.isAnyLocal()
                || address.isMulticast() || SPECIAL_IPV6.stream().anyMatch(block -> block.contains(address)));
    }

    private static List<IPAddress> blocks(String... cidrs) {
        return Stream.of(cidrs).map(cidr -> new IPAddressString(cidr).getAddress().toPrefixBlock()).toList();
    }
}
