package com.callimport.connectors.gong;

import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.RequestPermits;
import com.callimport.connector.SourceCall;
import com.callimport.connector.testkit.CallMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator must not be the bottleneck of an engine benchmark. Measured with the connector as the client
 * in the same JVM, so the figure printed is a floor for the simulator alone.
 */
class GongSimulatorThroughputIntegrationTest {
    private static final int CALLS = 2_000;

    @Test
    @Timeout(60)
    void servesOverAThousandCallsASecondOfListingAndRecordingsToTheConnector() throws Exception {
        DateWindow window = new DateWindow(Instant.parse("2026-07-06T00:00:00Z"), Instant.parse("2026-07-07T00:00:00Z"));
        try (GongSimulator gong = GongSimulator.start()) {
            gong.seed(CALLS, window, CallMix.TYPICAL, 99);
            GongConnector connector = new GongConnector();
            // warm up connections and the JIT, as a benchmark would
            importInSlices(connector, gong, window);
            importInSlices(connector, gong, window);
            long servedBefore = gong.recordingsServed();
            long started = System.nanoTime();
            int imported = importInSlices(connector, gong, window);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            double callsPerSecond = imported / (took.toNanos() / 1e9);
            System.out.printf("Gong simulator: %d calls listed and %d recordings downloaded in %d ms (%.0f calls/s)%n",
                    imported, gong.recordingsServed() - servedBefore, took.toMillis(), callsPerSecond);
            assertThat(imported).isEqualTo(gong.eligibleCallIds(false).size());
            // client and simulator share this machine's two cores here; the floor leaves room for a busy CI
            assertThat(callsPerSecond).isGreaterThan(1_000);
        }
    }

    /** Four workers, each importing a quarter of the window, as the engine slices a backfill. */
    private static int importInSlices(GongConnector connector, GongSimulator gong, DateWindow window) throws Exception {
        List<Future<Integer>> slices = new ArrayList<>();
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            for (DateWindow slice : window.slices(window.length().dividedBy(4))) {
                slices.add(workers.submit(() -> importAll(connector, gong, slice)));
            }
            int imported = 0;
            for (Future<Integer> slice : slices) {
                imported += slice.get();
            }
            return imported;
        }
    }

    /** Lists the window and downloads each page's recordings through the source that listed it. */
    private static int importAll(GongConnector connector, GongSimulator gong, DateWindow window) throws Exception {
        int imported = 0;
        try (CallSource source = connector.open(
                GongCredentialsFixture.context(gong, Map.of(), RequestPermits.UNLIMITED, Clock.systemUTC()))) {
            Optional<Checkpoint> position = Optional.of(Checkpoint.START);
            while (position.isPresent()) {
                CallPage page = source.fetchPage(window, position.get());
                for (SourceCall call : page.calls()) {
                    if (call.recording().isPresent()) {
                        try (RecordingContent content = source.openRecording(call)) {
                            content.stream().transferTo(OutputStream.nullOutputStream());
                        }
                    }
                }
                imported += page.calls().size();
                position = page.next();
            }
        }
        return imported;
    }
}
