package com.callimport.connectors.fathom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FathomCallMapperTest {

    @Test
    void readsTranscriptTimestampsAsMillisecondsFromTheStart() {
        assertThat(FathomCallMapper.offsetMillis("00:00:00")).isZero();
        assertThat(FathomCallMapper.offsetMillis("01:02:03")).isEqualTo(3_723_000);
        assertThat(FathomCallMapper.offsetMillis("02:05")).isEqualTo(125_000);
        assertThat(FathomCallMapper.offsetMillis("100:00:00")).isEqualTo(360_000_000);
    }

    @Test
    void refusesATimestampThatIsNotHoursMinutesAndSeconds() {
        assertThatThrownBy(() -> FathomCallMapper.offsetMillis("1h2m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HH:MM:SS");
        assertThatThrownBy(() -> FathomCallMapper.offsetMillis(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
