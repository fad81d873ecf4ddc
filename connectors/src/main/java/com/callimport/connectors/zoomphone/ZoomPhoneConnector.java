package com.callimport.connectors.zoomphone;

import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.connector.Credentials;
import com.callimport.connector.HostPattern;
import com.callimport.connector.ListingCost;
import com.callimport.connector.OAuthSettings;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RateLimit;
import com.callimport.connector.VendorHosts;
import com.callimport.connector.Webhooks;
import com.callimport.connectors.http.HttpTransport;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Zoom Phone (Zoom API v2: account call history, call recordings, recording transcripts), registered through
 * {@link java.util.ServiceLoader}.
 *
 * <p>A customer connects by authorizing our Zoom Marketplace (General) app: a Zoom account owner or admin signs in
 * (authorization code with PKCE) and nothing is built in the customer's account. Zoom's terms leave a third party no
 * other way: Server-to-Server OAuth apps are internal to one account. The engine obtains, stores and refreshes the tokens
 * (Zoom rotates the refresh token on every refresh); the connector asks for the current access token before every request.
 *
 * <p>Webhooks ({@link ZoomPhoneWebhooks}) come from our app's one event subscription, for every account that authorized
 * it, signed with the app's secret token; a connection's interest is keyed by its Zoom account id.
 */
public final class ZoomPhoneConnector implements Connector {
    private static final PlatformId PLATFORM = PlatformId.of("zoom-phone");
    private static final OAuthSettings OAUTH = new OAuthSettings(
            URI.create("https://zoom.us/oauth/authorize"),
            URI.create("https://zoom.us/oauth/token"),
            // ZP spec granular scopes for call history, recordings and transcripts; user:read:user for the account id
            List.of("phone:read:list_call_logs:admin", "phone:read:call_recording:admin", "phone:read:recording_transcript:admin",
                    "user:read:user"),
            true,
            false,
            true);
    // an estimate, not a documented figure: call history also holds missed calls and voicemail, which have no recording
    static final double RECORDED_SHARE = 0.6;

    // Zoom: API at https://api.zoom.us/v2; transcript files (and, when Zoom redirects, recordings) from zoom.us storage
    static final VendorHosts HOSTS = new VendorHosts(List.of(HostPattern.exactly("api.zoom.us")),
            List.of(HostPattern.exactly("zoom.us"), HostPattern.anyUnder("zoom.us")));

    private final HttpTransport transport = new HttpTransport(HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final ZoomPhoneCallMapper mapper = new ZoomPhoneCallMapper(json);
    private final ZoomPhoneWebhooks webhooks = new ZoomPhoneWebhooks(json);

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public String displayName() {
        return "Zoom Phone";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.TRANSCRIPTS, Capability.RECORDINGS,
                Capability.HISTORICAL_BACKFILL, Capability.ONGOING_SYNC, Capability.WEBHOOKS);
    }

    /** None: the engine runs Zoom's OAuth (see {@link #oauth()}). */
    @Override
    public List<CredentialField> credentialFields() {
        return List.of();
    }

    @Override
    public Optional<OAuthSettings> oauth() {
        return Optional.of(OAUTH);
    }

    @Override
    public Optional<Webhooks> webhooks() {
        return Optional.of(webhooks);
    }

    @Override
    public VendorHosts hosts() {
        return HOSTS;
    }

    /**
     * Six hours: Zoom writes a call's history when it ends and its recording shortly after ({@code phone.recording_completed});
     * a transcript can follow minutes later. A re-read costs one Heavy request per 300 entries.
     */
    @Override
    public Duration syncLookback() {
        return Duration.ofHours(6);
    }

    /** None for the account as a whole: every Zoom request carries a rate-limit label. */
    @Override
    public List<RateLimit> rateLimits() {
        return List.of();
    }

    @Override
    public Map<String, List<RateLimit>> rateLimitGroups() {
        Map<String, List<RateLimit>> groups = new LinkedHashMap<>();
        for (ZoomPhoneRateGroup group : ZoomPhoneRateGroup.values()) {
            groups.put(group.vendorName(), group.limits());
        }
        return Map.copyOf(groups);
    }

    /**
     * Zoom counts per account, shared by all its apps, but the engine passes only the current access token: the budget is
     * keyed by it, so a refreshed token (hourly) starts a fresh budget and the second after may overrun Zoom's once (its 429
     * then holds the account back). Keying by the account id needs the engine to keep it beside the tokens.
     */
    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        return context.baseUrl().map(URI::toString).orElse(ZoomPhoneClient.API_URL) + "|"
                + context.credentials().find(Credentials.TOKEN_OWNER)
                        .orElseGet(() -> context.credentials().require(Credentials.ACCESS_TOKEN)).reveal();
    }

    /**
     * Pages of 300 entries at one Heavy request each; every recorded call one Light request for its recording, one Light
     * for Zoom's transcript and one Medium download. At Business limits (Light 40/s, Medium 20/s, Heavy 10/s) the
     * Light requests set the pace of a recorded call: about 20 recorded calls a second.
     */
    @Override
    public ListingCost listingCost() {
        return new ListingCost(ZoomPhoneClient.MAX_PAGE_SIZE, 1, RECORDED_SHARE * 2)
                .countedInPagesOf(ZoomPhoneClient.MAX_PAGE_SIZE)
                .inGroup(ZoomPhoneRateGroup.LIGHT.vendorName());
    }

    @Override
    public Duration preferredSliceLength() {
        return ZoomPhoneCallSource.PART;
    }

    @Override
    public CallSource open(ConnectionContext context) {
        return new ZoomPhoneCallSource(new ZoomPhoneClient(transport, context, json), mapper, context, json);
    }
}
