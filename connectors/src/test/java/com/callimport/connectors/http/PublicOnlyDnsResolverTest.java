package com.callimport.connectors.http;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicOnlyDnsResolverTest {
    // a name server whose answers the test decides, as a vendor's (or an attacker's) DNS would
    private final DnsResolver names = new DnsResolver() {
        private final Map<String, String[]> answers = Map.of(
                "us-1.api.gong.io", new String[]{"52.94.236.248"},
                "rebound.api.gong.io", new String[]{"52.94.236.248", "127.0.0.1"},
                "metadata.api.gong.io", new String[]{"169.254.169.254"},
                "mapped.api.gong.io", new String[]{"::ffff:10.0.0.5"},
                "sandbox.internal", new String[]{"10.0.0.7"});

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String[] literals = answers.get(host);
            if (literals == null) {
                return InetAddress.getAllByName(host);
            }
            InetAddress[] addresses = new InetAddress[literals.length];
            for (int i = 0; i < literals.length; i++) {
                addresses[i] = InetAddress.getByName(literals[i]);
            }
            return addresses;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    @Test
    void passesANameThatResolvesToPublicAddressesOnly() throws UnknownHostException {
        assertThat(new PublicOnlyDnsResolver(names, Optional.empty()).resolve("us-1.api.gong.io"))
                .extracting(InetAddress::getHostAddress).containsExactly("52.94.236.248");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebound.api.gong.io", "metadata.api.gong.io", "mapped.api.gong.io", "127.0.0.1", "::1", "localhost",
            "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "0", "10.0.0.1", "[::ffff:127.0.0.1]"})
    void refusesANameOrLiteralWithAnyAddressOffThePublicInternet(String host) {
        assertThatThrownBy(() -> new PublicOnlyDnsResolver(names, Optional.empty()).resolve(host))
                .isInstanceOf(PublicOnlyDnsResolver.NonPublicAddress.class)
                .hasMessageContaining("private or special-purpose network");
    }

    @Test
    void trustsTheOperatorsOverrideHostOnAnyAddressAndNoOtherHost() throws UnknownHostException {
        PublicOnlyDnsResolver resolver = new PublicOnlyDnsResolver(names, Optional.of("127.0.0.1"));
        assertThat(resolver.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> resolver.resolve("localhost")).isInstanceOf(PublicOnlyDnsResolver.NonPublicAddress.class);
        assertThatThrownBy(() -> resolver.resolve("2130706433")).isInstanceOf(PublicOnlyDnsResolver.NonPublicAddress.class);
        assertThat(new PublicOnlyDnsResolver(names, Optional.of("sandbox.internal")).resolve("sandbox.internal"))
                .extracting(InetAddress::getHostAddress).containsExactly("10.0.0.7");
    }
}
