package com.callimport.connectors.http;

import com.callimport.connector.Connector;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connectors.fathom.FathomConnector;
import com.callimport.connectors.gong.GongConnector;
import com.callimport.connectors.grain.GrainConnector;
import com.callimport.connectors.ringcentral.RingCentralConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The address policy: which addresses a customer may give, and the hosts each connector declares. */
class VendorHostsTest {
    private final VendorHosts gong = new GongConnector().hosts();

    @ParameterizedTest
    @ValueSource(strings = {"https://us-12345.api.gong.io", "https://us-12345.api.gong.io/", "https://US-12345.API.GONG.IO",
            "https://api.gong.io", "https://eu-1.api.gong.io:443"})
    void acceptsGongsDocumentedApiAddresses(String address) {
        assertThat(gong.problemWithApiAddress(address)).as(address).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://us-12345.api.gong.io", "ftp://us-12345.api.gong.io", "https://127.0.0.1:8080",
            "http://127.0.0.1:8080", "http://2130706433/", "https://2130706433/", "https://0177.0.0.1", "https://[::1]",
            "https://[::ffff:127.0.0.1]", "https://localhost:8080", "https://169.254.169.254/latest", "https://api.gong.io.evil.example",
            "https://evilapi.gong.io", "https://us-1.api.gong.io@evil.example", "https://user@us-1.api.gong.io",
            "https://us-1.api.gong.io:8443", "https://us-1.api.gong.io/?next=http://127.0.0.1", "https://us-1.api.gong.io#x",
            "https://gong.io", "https://app.gong.io", "not a url", "https://", "us-12345.api.gong.io"})
    void refusesEveryOtherAddressWithAReason(String address) {
        assertThat(gong.problemWithApiAddress(address)).as(address).isPresent();
    }

    @Test
    void describesItsHostsAsAddressesACustomerRecognises() {
        assertThat(gong.apiAddresses()).isEqualTo("https://<something>.api.gong.io or https://api.gong.io");
    }

    @Test
    void aWildcardStandsForWholeLabelsAndNeverForAnAddress() {
        HostPattern tenants = HostPattern.anyUnder("api.gong.io");
        assertThat(tenants.matches("us-1.api.gong.io")).isTrue();
        assertThat(tenants.matches("a.b.api.gong.io")).isTrue();
        assertThat(tenants.matches("us-1.api.gong.io.")).isTrue();
        assertThat(tenants.matches("api.gong.io")).isFalse();
        assertThat(tenants.matches("xapi.gong.io")).isFalse();
        assertThat(tenants.matches("us-1.api.gong.io.evil.example")).isFalse();
        assertThat(HostPattern.exactly("media.fathom.ai").matches("127.0.0.1")).isFalse();
    }

    @Test
    void everyConnectorDeclaresHttpsApiHostsFromTheVendorsDocumentation() {
        List<Connector> connectors = List.of(new GongConnector(), new FathomConnector(), new GrainConnector(), new RingCentralConnector());
        for (Connector connector : connectors) {
            assertThat(connector.hosts().api()).as(connector.displayName()).isNotEmpty();
        }
        assertThat(new FathomConnector().hosts().isApiHost("api.fathom.ai")).isTrue();
        assertThat(new FathomConnector().hosts().isStorageHost("media.fathom.ai")).isTrue();
        assertThat(new GrainConnector().hosts().isApiHost("api.grain.com")).isTrue();
        assertThat(new RingCentralConnector().hosts().isApiHost("platform.ringcentral.com")).isTrue();
        assertThat(new RingCentralConnector().hosts().isApiHost("media.ringcentral.com")).isTrue();
        assertThat(new FathomConnector().hosts().isStorageHost("media.fathom.ai.evil.example")).isFalse();
    }
}
