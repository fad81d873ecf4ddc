package com.callimport.connector;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection's calls at its vendor, opened by {@link Connector#open} for one unit of work.
 *
 * <p>Every method makes vendor requests, each after {@link RequestPermits#awaitPermit()}, and reports
 * failures only as a {@link ConnectorException}. None of them retries or sleeps: a 429 becomes
 * {@link ConnectorException.RateLimited} with the vendor's Retry-After, and the engine waits. A source
 * is used by one thread at a time, except {@link #openRecording}, which the engine may call from several
 * threads at once for calls of the page it fetched last.
 */
public interface CallSource extends AutoCloseable {

    /**
     * Checks that the credentials work and carry the permissions an import needs, with one cheap
     * request where the vendor allows it.
     *
     * @return what the credentials can see, in words for the customer
     * @throws ConnectorException.AuthenticationFailed with the remediation a customer can act on
     */
    AccessCheck verifyAccess() throws ConnectorException, InterruptedException;

    /**
     * How many calls the vendor has in the window, as cheaply as the vendor allows (a total-records
     * field where one exists, counted pages otherwise). Used for previews, quotes and progress.
     */
    CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException;

    /**
     * The page of calls after {@code position} in the window, complete with participants and
     * transcripts where the connector declares them. Calls the connector leaves out on purpose (e.g.
     * private calls) are reported in {@link CallPage#skipped()}, never dropped silently. Reading the
     * same position twice returns the same calls (modulo vendor-side changes).
     *
     * @param position {@link Checkpoint#START} for the first page, else a {@link CallPage#next()} value
     */
    CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException;

    /**
     * Opens the recording of a call returned by {@link #fetchPage}, just in time: vendors hand out
     * short-lived signed media addresses, which the connector resolves now and never returns as data.
     * The caller streams and closes the content.
     */
    RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException;

    /**
     * Subscribes {@code address} to the vendor's notices of ended or changed calls. Vendors that check the
     * address (e.g. RingCentral's validation handshake) do so before this returns, so the engine must be ready
     * to answer there first. Only for connectors with {@link Connector#webhooks()}.
     *
     * @param verificationToken the secret the vendor is to present with every notification
     */
    default WebhookSubscription subscribe(URI address, Secret verificationToken, Duration lifetime)
            throws ConnectorException, InterruptedException {
        throw new UnsupportedOperationException("this connector receives no webhooks");
    }

    /**
     * Extends a subscription's life. Empty when the vendor no longer has it or will not deliver to it any more
     * (deleted, expired, blacklisted after failed deliveries): the engine then subscribes anew.
     */
    default Optional<WebhookSubscription> renew(String subscriptionId, Duration lifetime)
            throws ConnectorException, InterruptedException {
        throw new UnsupportedOperationException("this connector receives no webhooks");
    }

    /** Ends a subscription; one the vendor no longer has is already ended. */
    default void unsubscribe(String subscriptionId) throws ConnectorException, InterruptedException {
        throw new UnsupportedOperationException("this connector receives no webhooks");
    }

    /**
     * Reads afresh the calls a notification named ({@link InboundWebhook.Notification#affectedCalls()}), as
     * {@link #fetchPage} would return them. A key the vendor does not know yet (its call log lags its events)
     * yields no call; the engine asks again later, and the next scheduled pass is the safety net.
     */
    default CallPage fetchCalls(List<String> callKeys) throws ConnectorException, InterruptedException {
        throw new UnsupportedOperationException("this connector receives no webhooks");
    }

    /**
     * Reads afresh the calls of several notifications that arrived together, as {@link #fetchCalls} does, keyed by the
     * call key that named them; every key given is in the answer, a key the vendor does not know yet with an empty page.
     * Called by the engine with the keys of one connection's ready notifications. The default reads each key on its
     * own; a connector whose vendor can answer several keys in fewer requests overrides it.
     */
    default Map<String, CallPage> fetchCallsByKey(Collection<String> callKeys) throws ConnectorException, InterruptedException {
        Map<String, CallPage> pages = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(callKeys)) {
            pages.put(key, fetchCalls(List.of(key)));
        }
        return pages;
    }

    @Override
    default void close() {
    }
}
