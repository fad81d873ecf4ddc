package com.callimport.connectors.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "240.0.0.1", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
            "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "2001:db8::1", "2001:0:4136:e378::1",
            "100::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a00:1",
            "2002:7f00:1::1", "2002:c0a8:101::1"})
    void refusesLoopbackPrivateLinkLocalMulticastUnspecifiedCgnatAndSpecialPurposeAddresses(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "52.94.236.248", "100.128.0.1", "172.32.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    void acceptsAddressesOnThePublicInternet(String literal) throws UnknownHostException {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).as(literal).isTrue();
    }
}
