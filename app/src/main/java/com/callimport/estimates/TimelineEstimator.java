package com.callimport.estimates;

import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportRun;
import com.callimport.imports.SlicePlanner;
import com.callimport.ratelimits.RateBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Estimates an import's duration from what bounds it: the vendor's documented rate budget for the
 * requests the import needs (pages per listing window, requests per page and per call), the
 * recording downloads, and our own throughput — whichever is slowest. Past finished runs of the same
 * platform calibrate the estimate: the median of their actual ÷ predicted durations scales it.
 */
@Component
public class TimelineEstimator {
    private final TimelineProperties properties;
    private final FinishedRuns runs;
    private final Clock clock;

    public TimelineEstimator(TimelineProperties properties, FinishedRuns runs, Clock clock) {
        this.properties = properties;
        this.runs = runs;
        this.clock = clock;
    }

    /** The estimate for importing {@code calls} over {@code window}, before it starts. */
    public TimelineEstimate estimate(Connector connector, long calls, DateWindow window) {
        long windows = SlicePlanner.sliceCount(window, calls, connector.listingCost());
        Prediction prediction = predict(connector, calls, windows);
        double calibration = calibration(connector);
        Duration expected = properties.queueLatency().plus(scale(prediction.duration(), calibration));
        return new TimelineEstimate(expected, Instant.now(clock).plus(expected), TimelineEstimate.band(expected),
                prediction.requests(), prediction.basis() + (calibration == 1.0 ? ""
                        : String.format("; ×%.2f from this platform's recent imports", calibration)));
    }

    /**
     * The estimate for the rest of a running import: the slower of the pace it has kept (which already
     * carries its 429s and Retry-After waits) and the model for the calls still to come.
     */
    public TimelineEstimate remaining(Connector connector, ImportRun run) {
        Instant now = Instant.now(clock);
        long expectedCalls = run.expectedCalls().orElse(run.counts().listed());
        long remainingCalls = Math.max(0, expectedCalls - run.counts().listed());
        long windows = SlicePlanner.sliceCount(run.window(), expectedCalls, connector.listingCost());
        double remainingShare = expectedCalls == 0 ? 0 : (double) remainingCalls / expectedCalls;
        Prediction model = predict(connector, remainingCalls, Math.max(1, Math.round(windows * remainingShare)));
        Duration byModel = scale(model.duration(), calibration(connector));
        Duration byPace = Duration.ZERO;
        double seconds = run.timeRunning(now).toMillis() / 1000.0;
        if (run.counts().listed() > 0 && seconds > 0) {
            byPace = Duration.ofMillis((long) (remainingCalls / (run.counts().listed() / seconds) * 1000));
        }
        Duration expected = byPace.compareTo(byModel) > 0 ? byPace : byModel;
        String basis = byPace.compareTo(byModel) > 0 ? "the pace this import has kept, waits for the vendor included"
                : model.basis();
        return new TimelineEstimate(expected, now.plus(expected), TimelineEstimate.band(expected), model.requests(), basis);
    }

    /** The most calls an import over {@code window} can bring within {@code limit}, for the capability matrix. */
    public long callsWithin(Connector connector, Duration limit, DateWindow window) {
        long low = 0;
        long high = 1;
        while (high < 100_000_000 && properties.queueLatency().plus(predict(connector, high, SlicePlanner.sliceCount(window, high, connector.listingCost())).duration()).compareTo(limit) <= 0) {
            low = high;
            high *= 2;
        }
        while (high - low > 1) {
            long middle = (low + high) / 2;
            if (properties.queueLatency().plus(predict(connector, middle, SlicePlanner.sliceCount(window, middle, connector.listingCost())).duration()).compareTo(limit) <= 0) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private record Prediction(Duration duration, long requests, String basis) {
    }

    private Prediction predict(Connector connector, long calls, long windows) {
        // one more request counts the calls before the import starts
        long requests = connector.listingCost().requestsFor(calls, windows) + 1;
        Duration byBudget = RateBudgets.shortestTime(connector.rateLimits(), requests);
        Duration byDownloads = Duration.ofMillis((long) (calls * properties.typicalRecordingMegabytes()
                / properties.downloadMegabytesPerSecond() * 1000));
        Duration byThroughput = Duration.ofMillis((long) (calls / properties.engineCallsPerSecond() * 1000));
        Duration slowest = byBudget;
        String basis = String.format("%,d vendor requests within the vendor's rate budget", requests);
        if (byDownloads.compareTo(slowest) > 0) {
            slowest = byDownloads;
            basis = String.format("downloading %,d recordings", calls);
        }
        if (byThroughput.compareTo(slowest) > 0) {
            slowest = byThroughput;
            basis = String.format("storing %,d calls", calls);
        }
        return new Prediction(slowest, requests, basis);
    }

    /** Median of actual ÷ predicted over the platform's recent finished runs; 1 when there are none. */
    private double calibration(Connector connector) {
        List<Double> ratios = new ArrayList<>();
        for (ImportRun past : runs.recentFinished(connector.platform().value(), properties.calibrationRuns())) {
            long windows = SlicePlanner.sliceCount(past.window(), past.counts().listed(), connector.listingCost());
            double predicted = predict(connector, past.counts().listed(), windows).duration().toMillis();
            double actual = past.runningSeconds() * 1000;
            if (predicted >= 1000 && actual > 0) {
                ratios.add(actual / predicted);
            }
        }
        if (ratios.isEmpty()) {
            return 1.0;
        }
        ratios.sort(Double::compare);
        int middle = ratios.size() / 2;
        return ratios.size() % 2 == 1 ? ratios.get(middle) : (ratios.get(middle - 1) + ratios.get(middle)) / 2;
    }

    private static Duration scale(Duration duration, double factor) {
        return Duration.ofMillis((long) (duration.toMillis() * factor));
    }
}
