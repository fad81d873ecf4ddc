package com.callimport.progress;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How runs are followed ({@code callimport.progress.*}).
 *
 * @param pollInterval how often the run row of a followed run is read, once per run for all its followers here
 * @param keepAlive    how long a follower may go without a message before it gets a keep-alive, which is also how a
 *                     closed browser is noticed
 * @param maxFollowers the most followers this instance serves at once, over all runs; more are refused with a 503
 * @param recentEvents how many of the run's latest events each update carries
 */
@ConfigurationProperties("callimport.progress")
public record ProgressProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("15s") Duration keepAlive,
        @DefaultValue("500") int maxFollowers,
        @DefaultValue("5") int recentEvents) {

    public ProgressProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("callimport.progress.poll-interval must be positive, e.g. 1s");
        }
        if (keepAlive.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("callimport.progress.keep-alive (" + keepAlive
                    + ") must be at least the poll interval (" + pollInterval + ")");
        }
        if (maxFollowers < 1) {
            throw new IllegalArgumentException("callimport.progress.max-followers must be at least 1");
        }
        if (recentEvents < 0 || recentEvents > 50) {
            throw new IllegalArgumentException("callimport.progress.recent-events must be between 0 and 50");
        }
    }
}
