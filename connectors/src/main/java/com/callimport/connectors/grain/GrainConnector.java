package com.callimport.connectors.grain;

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

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Grain (public API v2, version {@value GrainClient#API_VERSION}, a personal or workspace access token),
 * registered through {@link java.util.ServiceLoader}.
 *
 * <p>Facts it relies on (developers.grain.com as scraped, and public clients): {@code Authorization: Bearer}
 * plus the required {@code Public-Api-Version} header; {@code POST /recordings} read with a body carrying
 * {@code filter}, {@code include} and the top-level {@code cursor}, answered {@code {cursor, recordings}};
 * {@code GET /recordings/{id}/transcript} as a bare array with millisecond offsets; 300 requests per minute
 * with {@code Retry-After} on 429. UNCONFIRMED, and handled defensively: the direction of
 * {@code after_datetime}/{@code before_datetime} (Grain's docs describe them transposed; the connector also
 * filters on {@code start_datetime}); the media download path {@code GET /recordings/{id}/download}
 * (used by Pipedream's Grain component; a direct stream or a redirect to signed storage are both
 * handled); the token prefixes {@code grain_pat_}/{@code grain_wat_}; the page size (not a parameter);
 * whether the limit is per token or per workspace (the budget is kept per token); and one client's
 * observation of {@code x-ratelimit-limit: 30}, which a 429 would surface.
 */
public final class GrainConnector implements Connector {
    static final String ACCESS_TOKEN = "accessToken";

    private static final PlatformId PLATFORM = PlatformId.of("grain");

    // Grain: API at https://api.grain.com/_/public-api/v2; where downloads redirect is UNCONFIRMED, so only Grain's own hosts
    static final VendorHosts HOSTS = new VendorHosts(List.of(HostPattern.exactly("api.grain.com")),
            List.of(HostPattern.anyUnder("grain.com")));

    private final HttpTransport transport = new HttpTransport(HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final GrainCallMapper mapper = new GrainCallMapper();

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public String displayName() {
        return "Grain";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.TRANSCRIPTS, Capability.RECORDINGS,
                Capability.HISTORICAL_BACKFILL);
    }

    @Override
    public List<CredentialField> credentialFields() {
        return List.of(CredentialField.secret(ACCESS_TOKEN, "Access token",
                "Created in Grain under Settings → Integrations → API (grain.com/app/settings/integrations?tab=api). A workspace "
                        + "access token (Business or Enterprise plan, created by a workspace admin) imports the whole workspace; "
                        + "a personal access token (Starter plan and above) imports what its user can see. The free plan has no API."));
    }

    @Override
    public VendorHosts hosts() {
        return HOSTS;
    }

    @Override
    public List<RateLimit> rateLimits() {
        // Grain API docs: 300 requests per minute
        return List.of(RateLimit.perMinute(300));
    }

    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        // whether Grain counts per token or per workspace is not documented; a token is the narrower, safe key
        return GrainClient.baseUrl(context) + "|" + context.credentials().require(ACCESS_TOKEN).reveal();
    }

    /**
     * One transcript request and one media request per recording (no batch endpoints), plus one listing
     * page per page of recordings (Grain's page size is unknown; ~50 is assumed). Transcript-only
     * recordings save the media request; the estimate keeps the upper side.
     */
    @Override
    public ListingCost listingCost() {
        return new ListingCost(50, 1, 2);
    }

    @Override
    public CallSource open(ConnectionContext context) {
        return new GrainCallSource(new GrainClient(transport, context, json), mapper, context);
    }
}
