package com.callimport.connectors.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthCheckedInputStreamTest {

    @Test
    void failsTheReadThatEndsBeforeTheAnnouncedLength() {
        LengthCheckedInputStream stream = new LengthCheckedInputStream(new ByteArrayInputStream(new byte[6]), 10);
        assertThatThrownBy(stream::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("6 of 10");
    }

    @Test
    void passesAStreamOfExactlyTheAnnouncedLength() throws IOException {
        LengthCheckedInputStream stream = new LengthCheckedInputStream(new ByteArrayInputStream(new byte[10]), 10);
        assertThat(stream.readAllBytes()).hasSize(10);
    }
}
