package com.callimport.connector;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One platform's connector, discovered by the engine through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are stateless and thread-safe: the engine keeps one instance per platform for
 * the life of the process and calls {@link #open} for each unit of work (a page, a connection test,
 * a recording download), possibly from many threads at once.
 */
public interface Connector {

    /** The platform's stable id, used in data and URLs; never changes once calls were imported. */
    PlatformId platform();

    /**
     * The platform whose call ids this connector's calls carry, and so the namespace of a call's identity in the store
     * (organization, call identity, vendor call id): the connector's own platform unless two connectors read the same
     * vendor's calls (Gong and Gong Engage both list Gong call ids), which then name the same one, so that a call both
     * bring over is one call of the organization, never two.
     */
    default PlatformId callIdentity() {
        return platform();
    }

    /** The platform's name as a customer knows it, e.g. "Gong". */
    String displayName();

    /** What this connector can bring over; the catalogue and its contract test hold it to this claim. */
    Set<Capability> capabilities();

    /**
     * The credential fields a customer fills in to connect, in display order. Fields marked secret
     * are encrypted at rest and never returned by the API.
     */
    List<CredentialField> credentialFields();

    /**
     * The vendor's documented API and media storage hosts: the only hosts this connector's requests may reach
     * (besides the operator's override in {@link ConnectionContext#baseUrl()}). Checked by the engine on every
     * address a customer enters and by the HTTP layer on every request.
     */
    VendorHosts hosts();

    /**
     * How the platform's OAuth works, for platforms a customer connects by signing in rather than by
     * pasting a key. The engine then obtains, stores and refreshes tokens and hands the connector a
     * current bearer token as {@link Credentials#ACCESS_TOKEN}.
     */
    default Optional<OAuthSettings> oauth() {
        return Optional.empty();
    }

    /**
     * How the platform pushes notice of calls, for connectors that declare {@link Capability#WEBHOOKS}; the
     * vendor requests that go with it (subscribing, renewing, reading the calls a notification names) are on
     * the {@link CallSource}.
     */
    default Optional<Webhooks> webhooks() {
        return Optional.empty();
    }

    /**
     * How far back an ongoing sync re-reads before its high-water mark, for vendors that attach data to a
     * call after it is first listed (e.g. a recording that appears minutes after the call).
     */
    default Duration syncLookback() {
        return Duration.ofHours(1);
    }

    /** Optional per-connection settings with their defaults (e.g. whether private calls are imported). */
    default List<SettingField> settingFields() {
        return List.of();
    }

    /**
     * The vendor's documented request budget for one vendor account. The engine enforces every
     * limit here, shared by all jobs and instances that use the same account (see
     * {@link #rateBudgetAccount}). Empty means the vendor documents none.
     */
    List<RateLimit> rateLimits();

    /**
     * Budgets of the vendor's named request groups, for vendors that limit kinds of requests separately
     * (e.g. RingCentral's Light, Medium, Heavy and Auth groups, Fathom's heavy requests). A request in a group passes
     * {@link RequestPermits#awaitPermit(String)} and draws from its group's budget and from the account's
     * ({@link #rateLimits()}; declare none there when the groups are the vendor's whole budget, as for RingCentral).
     */
    default Map<String, List<RateLimit>> rateLimitGroups() {
        return Map.of();
    }

    /**
     * The vendor account whose budget a connection draws from: two connections that return the same
     * value share one budget. The value may contain secrets; the engine only ever stores a hash of it.
     */
    String rateBudgetAccount(ConnectionContext context);

    /** What listing costs in vendor requests, for timeline estimates. */
    ListingCost listingCost();

    /**
     * @deprecated superseded by {@link #listingCost()}, which also counts pages and windows; the average
     *             vendor requests per call of a densely filled window
     */
    @Deprecated(forRemoval = true)
    default double requestsPerCall() {
        ListingCost cost = listingCost();
        return cost.requestsPerPage() / cost.callsPerPage() + cost.requestsPerCall();
    }

    /**
     * How long a listing window may be before it is better split. The engine no longer slices by the
     * calendar: it sizes slices by the vendor's count and {@link #listingCost()} (a few full pages each),
     * so this is a hint for tools only and may be removed.
     */
    default Duration preferredSliceLength() {
        return Duration.ofDays(1);
    }

    /**
     * Opens a source of calls for one connection. Cheap: no vendor request is made until a method of
     * the returned source is called. The engine closes it when the unit of work ends.
     */
    CallSource open(ConnectionContext context);
}
