package com.callimport.estimates;

import com.callimport.connector.CallCount;
import com.callimport.connector.Connector;
import com.callimport.connector.DateWindow;
import com.callimport.connector.ListingCost;
import com.callimport.connector.RateLimit;
import com.callimport.imports.ImportRun;
import com.callimport.imports.SlicePlanner;
import com.callimport.ratelimits.RateBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Estimates an import's duration from what bounds it: the vendor's documented rate budget, as this
 * engine paces it, for the requests the connector declares the import needs (pages per listing window,
 * requests per page and per call, in the request group they draw from), the slowest slice (its pages go one
 * after another on one worker, which handles a page's calls between the page's requests), the recording
 * downloads, and our own throughput — whichever is slowest. A run started from a preview reuses the preview's
 * count ({@link com.callimport.imports.VendorCallCounts}), so neither the preview's estimate nor a running
 * import's includes counting again. Past finished runs of the same platform calibrate the estimate: the median of
 * their actual ÷ predicted durations, predicted on the vendor requests each run really made where it tallied them,
 * scales it, over runs the model gave at least 30 s.
 */
@Component
public class TimelineEstimator {
    private static final Duration MIN_CALIBRATING_PREDICTION = Duration.ofSeconds(30);
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
        return estimate(connector, new CallCount(calls, true), window);
    }

    /**
     * The estimate for importing what {@code count} found over {@code window}, before it starts: every call the
     * vendor lists is listed (and paid for in requests), even those the connection's settings then skip. The run
     * reuses this count while it is fresh, so counting is not part of its time.
     */
    public TimelineEstimate estimate(Connector connector, CallCount count, DateWindow window) {
        long windows = SlicePlanner.sliceCount(window, count.calls(), connector.listingCost());
        Prediction prediction = predict(connector, count.calls(), windows, count.callRequests());
        double calibration = calibration(connector);
        Duration expected = properties.queueLatency().plus(scale(prediction.duration(), calibration));
        return new TimelineEstimate(expected, Instant.now(clock).plus(expected), TimelineEstimate.band(expected),
                prediction.requests(), prediction.basis() + (calibration == 1.0 ? ""
                        : String.format("; ×%.2f from this platform's recent imports", calibration)));
    }

    /**
     * The estimate for the rest of a running import. When the vendor's budget bounds the run and its workers have
     * tallied their vendor requests, the time left is the budget's time for the requests still to make (the model's
     * less those made), stretched by how far the run has fallen behind the model's schedule for the requests made,
     * in proportion to the share made: calls are counted only when their page is committed, so a page whose
     * downloads are nearly done would otherwise look untouched. Otherwise the whole run's duration is estimated
     * twice: by the model (calibrated, from the moment it started running) and by its own pace so far (time running
     * ÷ share of calls done); the two are blended by a weight that grows with the square of the share done, and the
     * time already spent is taken off; a run that has overrun the model is given the time its pace says. Empty when
     * the vendor's count was only a lower bound: the time left of an unknown total is a guess.
     */
    public Optional<TimelineEstimate> remaining(Connector connector, ImportRun run) {
        if (run.expectedCalls().isPresent() && !run.expectedCallsExact()) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        long listed = run.counts().listed();
        long expectedCalls = Math.max(listed, run.expectedCalls().orElse(listed));
        long windows = SlicePlanner.sliceCount(run.window(), expectedCalls, connector.listingCost());
        double progress = expectedCalls == 0 ? 1 : (double) listed / expectedCalls;
        // the count was made before the run was created, so its requests are not part of the time running
        Prediction model = predict(connector, expectedCalls, windows, run.expectedCallRequests());
        double calibration = calibration(connector);
        Duration modelTotal = properties.queueLatency().plus(scale(model.duration(), calibration));
        Duration elapsed = run.timeRunning(now);
        Duration expected;
        String basis;
        double shareDone = progress;
        if (model.budgetBound() && run.vendorRequests() > 0 && run.vendorRequests() < model.requests()) {
            List<RateLimit> limits = limitsOf(connector);
            Duration budgetLeft = scale(RateBudgets.shortestTime(limits, model.requests())
                    .minus(RateBudgets.shortestTime(limits, run.vendorRequests())), calibration);
            Duration scheduleForMade = properties.queueLatency().plus(scale(RateBudgets.shortestTime(limits, run.vendorRequests()), calibration));
            double share = (double) run.vendorRequests() / model.requests();
            shareDone = Math.max(progress, share);
            double behind = scheduleForMade.toMillis() <= 0 ? 1 : (double) elapsed.toMillis() / scheduleForMade.toMillis();
            double stretch = 1 + share * (Math.max(0.5, Math.min(4, behind)) - 1);
            expected = scale(budgetLeft, stretch);
            basis = String.format("%,d of %,d vendor requests made; the rest within the vendor's rate budget%s", run.vendorRequests(),
                    model.requests(), Math.abs(stretch - 1) < 0.05 ? "" : String.format(", ×%.2f for this import's pace so far", stretch));
        } else if (listed == 0 || elapsed.isZero()) {
            expected = positive(modelTotal.minus(elapsed));
            basis = model.basis();
        } else {
            Duration paceTotal = Duration.ofMillis((long) (elapsed.toMillis() / progress));
            Duration byPace = positive(paceTotal.minus(elapsed));
            Duration blended = blend(modelTotal, paceTotal, progress * progress).minus(elapsed);
            expected = blended.isNegative() || blended.isZero() ? byPace : blended;
            basis = String.format("%s, blended %.0f %% toward the pace this import has kept", model.basis(),
                    progress * progress * 100);
        }
        return Optional.of(new TimelineEstimate(expected, now.plus(expected), TimelineEstimate.band(expected), model.requests(), basis,
                Math.min(1, shareDone)));
    }

    /**
     * The share of a run's work done, in percent: of its calls, or, while a budget-bound run's page is in flight, of
     * its vendor requests ({@code remaining}'s share; calls move only when the page commits), so a bar moves with the
     * work. Empty when the count was only a lower bound.
     */
    public static Optional<Double> percentDone(ImportRun run, Optional<TimelineEstimate> remaining) {
        Optional<Double> byCalls = run.percentDone();
        if (byCalls.isEmpty() || remaining.isEmpty()) {
            return byCalls;
        }
        return Optional.of(Math.max(byCalls.get(), Math.min(99.9, Math.round(remaining.get().shareDone() * 1000) / 10.0)));
    }

    /** {@code byModel} moved toward {@code byPace} by {@code weight} (0–1). */
    static Duration blend(Duration byModel, Duration byPace, double weight) {
        double share = Math.max(0, Math.min(1, weight));
        return Duration.ofMillis(Math.round(byModel.toMillis() * (1 - share) + byPace.toMillis() * share));
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** The most calls an import over {@code window} can bring within {@code limit}, for the capability matrix. */
    public long callsWithin(Connector connector, Duration limit, DateWindow window) {
        long low = 0;
        long high = 1;
        while (high < 100_000_000 && properties.queueLatency().plus(predict(connector, high, SlicePlanner.sliceCount(window, high, connector.listingCost()), OptionalLong.empty()).duration()).compareTo(limit) <= 0) {
            low = high;
            high *= 2;
        }
        while (high - low > 1) {
            long middle = (low + high) / 2;
            if (properties.queueLatency().plus(predict(connector, middle, SlicePlanner.sliceCount(window, middle, connector.listingCost()), OptionalLong.empty()).duration()).compareTo(limit) <= 0) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** @param budgetBound whether the vendor's rate budget, not downloads or our own throughput, decides the duration */
    private record Prediction(Duration duration, long requests, String basis, boolean budgetBound) {
    }

    /** The limits the connector's listing draws from: its request group's, else the account's. */
    private static List<RateLimit> limitsOf(Connector connector) {
        ListingCost cost = connector.listingCost();
        return cost.group() == null ? connector.rateLimits()
                : connector.rateLimitGroups().getOrDefault(cost.group(), connector.rateLimits());
    }

    /** @param callRequests the per-call requests the count saw, when the connector could tell them */
    private Prediction predict(Connector connector, long calls, long windows, OptionalLong callRequests) {
        ListingCost cost = connector.listingCost();
        long requests = cost.requestsFor(calls, windows);
        if (callRequests.isPresent()) {
            requests = requests - (long) Math.ceil(calls * cost.requestsPerCall()) + callRequests.getAsLong();
        }
        List<RateLimit> limits = limitsOf(connector);
        Duration byBudget = RateBudgets.shortestTime(limits, requests);
        Duration bySlice = slowestSlice(limits, calls, windows, requests, cost);
        Duration byDownloads = Duration.ofMillis((long) (calls * properties.typicalRecordingMegabytes()
                / properties.downloadMegabytesPerSecond() * 1000));
        Duration byThroughput = Duration.ofMillis((long) (calls / properties.engineCallsPerSecond() * 1000));
        Duration slowest = byBudget;
        String basis = String.format("%,d vendor requests within the vendor's rate budget", requests);
        if (bySlice.compareTo(slowest) > 0) {
            slowest = bySlice;
            basis = String.format("%,d vendor requests in %,d part%s, each listed page by page", requests, windows, windows == 1 ? "" : "s");
        }
        if (byDownloads.compareTo(slowest) > 0) {
            slowest = byDownloads;
            basis = String.format("downloading %,d recordings", calls);
        }
        if (byThroughput.compareTo(slowest) > 0) {
            slowest = byThroughput;
            basis = String.format("storing %,d calls", calls);
        }
        return new Prediction(slowest, requests, basis, slowest == byBudget);
    }

    /**
     * The time one slice takes on its own worker: its pages go one after another, and the worker handles a page's
     * calls between that page's requests and the next page's. The budget refills meanwhile, so the first request of
     * each page finds its permit waiting; the page's other requests still wait their turn.
     */
    private Duration slowestSlice(List<RateLimit> limits, long calls, long windows, long requests, ListingCost cost) {
        long sliceCalls = (calls + windows - 1) / windows;
        long slicePages = Math.max(1, (long) Math.ceil((double) sliceCalls / cost.callsPerPage()));
        long sliceRequests = (requests + windows - 1) / windows;
        Duration handling = Duration.ofMillis((long) (sliceCalls / properties.workerCallsPerSecond() * 1000));
        Duration paced = RateBudgets.shortestTime(limits, Math.max(0, sliceRequests - slicePages)).plus(handling);
        Duration alone = RateBudgets.shortestTime(limits, sliceRequests);
        return paced.compareTo(alone) > 0 ? paced : alone;
    }

    /** Median of actual ÷ predicted over the platform's recent finished runs; 1 when there are none. */
    private double calibration(Connector connector) {
        List<Double> ratios = new ArrayList<>();
        for (ImportRun past : runs.recentFinished(connector.platform().value(), properties.calibrationRuns())) {
            long windows = SlicePlanner.sliceCount(past.window(), past.counts().listed(), connector.listingCost());
            Prediction model = predict(connector, past.counts().listed(), windows, past.expectedCallRequests());
            // the pace is what calibration learns: a model's miscount of the requests would otherwise scale every estimate
            double predicted = model.budgetBound() && past.vendorRequests() > 0
                    ? RateBudgets.shortestTime(limitsOf(connector), past.vendorRequests()).toMillis() : model.duration().toMillis();
            // the pick-up wait is added to every estimate on its own, so it is not the model's error to scale
            double actual = past.runningSeconds() * 1000 - properties.queueLatency().toMillis();
            // a short run is mostly fixed waits (job pick-up, the first page), which would scale every longer estimate
            if (predicted >= MIN_CALIBRATING_PREDICTION.toMillis() && actual > 0) {
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
