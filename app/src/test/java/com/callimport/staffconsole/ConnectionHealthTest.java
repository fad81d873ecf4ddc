package com.callimport.staffconsole;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.ConnectionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The health rule as a table: which signals make which health, most urgent first. */
class ConnectionHealthTest {
    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            a refused credential wins over everything          | NEEDS_ATTENTION | HOURLY | true  | pass err | FAILED    | 0 | -         | -       | NEEDS_REAUTHENTICATION
            a paused sync                                      | ACTIVE          | HOURLY | true  | -        | SUCCEEDED | 0 | PT1H      | -       | PAUSED
            a run paused by a vendor outage                    | ACTIVE          | -      | false | -        | PAUSED    | 0 | -         | -       | PAUSED
            a failed latest run                                | ACTIVE          | -      | false | -        | FAILED    | 0 | -         | -       | FAILING
            a failed latest run from before the restore        | ACTIVE          | -      | false | -        | FAILED    | 0 | -         | restored| HEALTHY
            a pass that could not start                        | ACTIVE          | DAILY  | false | no pass  | SUCCEEDED | 0 | PT2H      | -       | FAILING
            notifications that stopped                         | ACTIVE          | HOURLY | false | -        | SUCCEEDED | 0 | PT1H      | FAILING | FAILING
            a vendor out of reach                              | UNREACHABLE     | -      | false | -        | SUCCEEDED | 0 | -         | -       | DEGRADED
            failed calls in the latest run                     | ACTIVE          | -      | false | -        | SUCCEEDED | 3 | -         | -       | DEGRADED
            an hourly sync quiet for three hours               | ACTIVE          | HOURLY | false | -        | SUCCEEDED | 0 | PT3H      | -       | DEGRADED
            an hourly sync that succeeded an hour ago          | ACTIVE          | HOURLY | false | -        | SUCCEEDED | 0 | PT1H      | ACTIVE  | HEALTHY
            a daily sync that succeeded yesterday              | ACTIVE          | DAILY  | false | -        | SUCCEEDED | 0 | PT25H     | -       | HEALTHY
            a new connection without runs                      | UNTESTED        | -      | false | -        | -         | 0 | -         | -       | HEALTHY
            """)
    void derivesHealthFromWhatTheEngineRecorded(String name, ConnectionStatus status, String frequency, boolean paused,
                                                String passError, String runState, long failedCalls, Duration sinceSuccess,
                                                String webhookOrRestore, ConnectionHealth expected) {
        Instant runAt = runState == null ? null : NOW.minus(Duration.ofMinutes(30));
        Instant restoredAt = "restored".equals(webhookOrRestore) ? NOW.minus(Duration.ofMinutes(10)) : null;
        String webhook = "restored".equals(webhookOrRestore) ? null : webhookOrRestore;
        Duration interval = frequency == null ? null : frequency.equals("DAILY") ? Duration.ofDays(1) : Duration.ofHours(1);
        ConnectionHealth.Verdict verdict = ConnectionHealth.of(new ConnectionHealth.Signals(status, "detail", interval, paused, passError,
                runState, "reason", runAt, failedCalls, sinceSuccess == null ? null : NOW.minus(sinceSuccess), restoredAt,
                NOW.minus(Duration.ofMinutes(45)), webhook, "no delivery in a day", NOW));
        assertThat(verdict.health()).as(name).isEqualTo(expected);
        assertThat(verdict.why()).as(name).isNotBlank();
    }
}
