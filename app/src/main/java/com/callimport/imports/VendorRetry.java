package com.callimport.imports;

import com.callimport.EngineProperties;
import com.callimport.connector.ConnectorException;
import com.callimport.ratelimits.Sleeper;
import java.time.Duration;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the engine treats a vendor's faults: waits out a 429 for as long as the vendor's Retry-After
 * asks, retries 5xx, timeouts and broken bodies with exponential backoff and jitter, and gives up
 * after the configured budget by rethrowing the last failure. Authentication failures and unreadable
 * answers are not retried: trying again will not change them.
 */
public class VendorRetry {
    private final EngineProperties.Retry settings;
    private final Sleeper sleeper;

    public VendorRetry(EngineProperties.Retry settings, Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /** One vendor interaction, repeated whole on a retry. */
    @FunctionalInterface
    public interface VendorRequest<T> {
        T send() throws ConnectorException, InterruptedException;
    }

    /** Told of every wait, so a run can count its 429s and a test can see what was asked. */
    public interface Observer {
        Observer NONE = new Observer() { };

        default void rateLimited(Duration retryAfter) {
        }

        default void retrying(ConnectorException failure, Duration backoff) {
        }

        /** Before every attempt: a run's worker throws here (an {@link InterruptedException}) once it is no longer wanted. */
        default void beforeAttempt() throws InterruptedException {
        }
    }

    public <T> T send(VendorRequest<T> request, Observer observer) throws ConnectorException, InterruptedException {
        BackOffExecution backoff = backOff().start();
        int rateLimitWaits = 0;
        int failures = 0;
        while (true) {
            try {
                observer.beforeAttempt();
                return request.send();
            } catch (ConnectorException.RateLimited limited) {
                if (++rateLimitWaits > settings.maxRateLimitWaits()) {
                    throw limited;
                }
                observer.rateLimited(limited.retryAfter());
                sleeper.sleep(limited.retryAfter());
                // a 429 is the vendor answering: earlier server errors were not an outage that went on
                failures = 0;
                backoff = backOff().start();
            } catch (ConnectorException.TemporarilyUnavailable unavailable) {
                long waitMillis = backoff.nextBackOff();
                if (++failures >= settings.maxAttempts() || waitMillis == BackOffExecution.STOP) {
                    throw unavailable;
                }
                Duration wait = Duration.ofMillis(waitMillis);
                observer.retrying(unavailable, wait);
                sleeper.sleep(wait);
            }
        }
    }

    private ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        // jitter spreads the retries of many workers hit by the same outage
        backOff.setJitter(settings.initialBackoff().toMillis() / 2);
        return backOff;
    }
}
