package com.callimport.connectors.fathom;

import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connector.CredentialField;
import com.callimport.connector.ListingCost;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RateLimit;
import com.callimport.connectors.http.HttpTransport;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fathom (External API v1, a user's API key), registered through {@link java.util.ServiceLoader}.
 *
 * <p>Facts it relies on, from developers.fathom.ai: {@code X-Api-Key} authentication; {@code GET /meetings}
 * paged by {@code next_cursor} with {@code include_transcript} (allowed for API keys, not for OAuth apps);
 * the asynchronous download API; 60 requests per 60 s per account with {@code RateLimit-*} headers.
 * UNCONFIRMED and handled defensively: that {@code created_at} lies within a few days after the
 * meeting's start (see {@link FathomCallSource#LISTING_LAG}), Fathom's page size (10 in the docs'
 * example), a stricter "heavy request" limit of 30 per minute on {@code /recordings/*} and on listings with
 * transcripts, reported by a secondary source (budgeted as the request group {@link #HEAVY}; when Fathom
 * lowers it under load, its 429 is answered like any other), and {@code Retry-After} on 429
 * ({@code RateLimit-Reset} is used without it).
 */
public final class FathomConnector implements Connector {
    static final String API_KEY = "apiKey";
    /** Fathom's "heavy" requests: every {@code /recordings/*} request and listings with transcripts. */
    static final String HEAVY = "heavy";

    private static final PlatformId PLATFORM = PlatformId.of("fathom");

    // Fathom: API at https://api.fathom.ai/external/v1; signed download links on https://media.fathom.ai
    static final VendorHosts HOSTS = new VendorHosts(List.of(HostPattern.exactly("api.fathom.ai")),
            List.of(HostPattern.exactly("media.fathom.ai")));

    private final HttpTransport transport = new HttpTransport(HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final FathomCallMapper mapper = new FathomCallMapper();

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public String displayName() {
        return "Fathom";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.TRANSCRIPTS, Capability.RECORDINGS,
                Capability.HISTORICAL_BACKFILL);
    }

    @Override
    public List<CredentialField> credentialFields() {
        return List.of(CredentialField.secret(API_KEY, "API key",
                "Each Fathom user creates their own key in Fathom under User Settings → API Access (on every plan, free included). "
                        + "The key sees the meetings its user recorded or that were shared with them."));
    }

    @Override
    public VendorHosts hosts() {
        return HOSTS;
    }

    @Override
    public List<RateLimit> rateLimits() {
        // Fathom API overview: 60 calls per 60 seconds per account
        return List.of(RateLimit.perMinute(60));
    }

    @Override
    public Map<String, List<RateLimit>> rateLimitGroups() {
        // [REC], UNCONFIRMED in Fathom's docs: heavy requests 30 per 60 s, within the 60 of the account
        return Map.of(HEAVY, List.of(RateLimit.perMinute(30)));
    }

    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        // Fathom counts per account, and a key belongs to one user's account
        return FathomClient.baseUrl(context) + "|" + context.credentials().require(API_KEY).reveal();
    }

    /**
     * One download request per meeting (which is also how the connector learns whether there is media),
     * plus one listing page per ~10 meetings (Fathom's page size in its docs), widened by ~45% because the
     * listing is filtered on creation time and reaches an hour before a week's slice and three days past it.
     * Both are heavy requests (listings with transcripts, {@code /recordings/*}), so the heavy group's 30 a minute,
     * not the account's 60, paces an import.
     */
    @Override
    public ListingCost listingCost() {
        return new ListingCost(10, 1.45, 1).countedInPagesOf(10).inGroup(HEAVY);
    }

    /** A week: the budget, not the number of workers, sets the pace, and longer slices list less overlap. */
    @Override
    public Duration preferredSliceLength() {
        return Duration.ofDays(7);
    }

    @Override
    public CallSource open(ConnectionContext context) {
        return new FathomCallSource(new FathomClient(transport, context, json), mapper, context);
    }
}
