package com.callimport.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EndpointAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/events", "https://localhost/events", "https://10.0.0.7/hook", "https://172.20.1.1/",
            "https://192.168.1.10/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/", "https://100.64.0.1/", "https://0.0.0.0/", "https://2130706433/"})
    void anAddressOnOurOwnNetworkIsRefusedInProduction(String url) {
        assertThatThrownBy(() -> EndpointAddresses.check(url, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/events", "ftp://93.184.215.14/", "/relative/events", "https://user:pw@93.184.215.14/", ""})
    void anAddressThatIsNotPlainHttpsIsRefusedInProduction(String url) {
        assertThatThrownBy(() -> EndpointAddresses.check(url, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPublicHttpsAddressIsAccepted() {
        assertThat(EndpointAddresses.check("https://93.184.215.14/call-events", false).getHost()).isEqualTo("93.184.215.14");
    }

    @Test
    void theTestSwitchAllowsAConsumerOnLoopback() {
        assertThat(EndpointAddresses.check("http://127.0.0.1:8089/events", true).getPort()).isEqualTo(8089);
    }
}
