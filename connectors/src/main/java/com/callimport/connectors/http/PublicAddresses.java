package com.callimport.connectors.http;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells addresses on the public internet from loopback, private, link-local, multicast, unspecified, CGNAT
 * and the other special-purpose blocks of the IANA IPv4 and IPv6 registries (RFC 6890 and successors),
 * looking through IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64, 6to4).
 */
final class PublicAddresses {
    // IANA IPv4 Special-Purpose Address Registry, plus multicast (224/4) and reserved (240/4, incl. broadcast)
    private static final List<IPAddress> SPECIAL_IPV4 = blocks("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4");
    // IANA IPv6 Special-Purpose Address Registry, plus site-local (deprecated) and multicast
    private static final List<IPAddress> SPECIAL_IPV6 = blocks("::/128", "::1/128", "100::/64", "64:ff9b:1::/48",
            "2001::/23", "2001:db8::/32", "2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10",
            "ff00::/8");
    private static final IPAddress NAT64 = block("64:ff9b::/96");

    private PublicAddresses() {
    }

    /** Whether a connection to {@code address} reaches the public internet and nothing of the operator's own network. */
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
        // the 2001::/23 block holds Teredo (2001::/32), which tunnels to an address we cannot see
        return !(address.isLoopback() || address.isLinkLocal() || address.isLocal() || address.isAnyLocal()
                || address.isMulticast() || SPECIAL_IPV6.stream().anyMatch(block -> block.contains(address)));
    }

    private static List<IPAddress> blocks(String... cidrs) {
        return Stream.of(cidrs).map(PublicAddresses::block).toList();
    }

    private static IPAddress block(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }
}
