package com.callimport.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Event delivery settings ({@code callimport.events.*}).
 *
 * @param allowPrivateAddresses whether endpoints may point at loopback, private or link-local addresses; off in production
 *                              (a customer-typed address must not reach our own network), on in tests with local receivers
 * @param tick                  how often each instance looks for events to sequence and deliveries that are due
 * @param retrySchedule         the wait before each further attempt of a delivery; after the last one the delivery fails
 *                              (the default, Standard Webhooks' schedule, spans about three days)
 * @param requestTimeout        the longest one delivery request may take, connecting included
 * @param inFlightPerEndpoint   how many deliveries one instance sends to one endpoint at once; a slow endpoint holds only these
 * @param inFlight            how many deliveries one instance sends at once to all endpoints together, so that delivery to
 *                            many organizations takes a bounded share of the instance that also imports
 * @param disableAfter          how long an endpoint may fail without a single success before it is disabled and admins are told
 * @param retention             how long events are kept once no endpoint waits for them: the reach of the feed, the delivery
 *                              log and replays
 */
@ConfigurationProperties("callimport.events")
public record EventsProperties(
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue("200ms") Duration tick,
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h", "24h", "24h"}) List<Duration> retrySchedule,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("16") int inFlightPerEndpoint,
        @DefaultValue("64") int inFlight,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("30d") Duration retention) {

    public EventsProperties {
        retrySchedule = List.copyOf(retrySchedule);
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("callimport.events.tick must be positive, not " + tick);
        }
        if (inFlightPerEndpoint < 1) {
            throw new IllegalArgumentException("callimport.events.in-flight-per-endpoint must be at least 1, not " + inFlightPerEndpoint);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("callimport.events.retention must be positive, not " + retention);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("callimport.events.in-flight must be at least 1, not " + inFlight);
        }
    }

    /** The wait before attempt {@code attempts + 1}, or null when {@code attempts} were all the schedule allows. */
    Duration retryAfter(int attempts) {
        return attempts - 1 < retrySchedule.size() ? retrySchedule.get(attempts - 1) : null;
    }
}
