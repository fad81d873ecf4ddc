package com.callimport.connectors.ringcentral;

import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connector.CredentialField;
import com.callimport.connector.Credentials;
import com.callimport.connector.ListingCost;
import com.callimport.connector.OAuthSettings;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RateLimit;
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
 * RingCentral (REST API v1.0, company call log and call recordings), registered through
 * {@link java.util.ServiceLoader}.
 *
 * <p>A customer connects by OAuth only: an administrator signs in (authorization code with PKCE), or pastes
 * a JWT credential created for our app, which the engine exchanges with the JWT-bearer grant. Either way the
 * engine obtains, stores and refreshes the tokens (RingCentral rotates refresh tokens); the connector asks
 * {@link com.callimport.connector.ConnectionContext#bearerToken()} for the current one before every request
 * (a page's downloads outlive RingCentral's one-hour token); hence no credential fields of its own.
 * Our app's registration must carry the app permissions ReadAccounts, ReadCallLog, ReadCallRecording and
 * CallControl (the last for the account's telephony session events; RingCentral grants permissions per app, not
 * per-request scopes), and the user who connects needs the company call log user permission (FullCompanyCallLog),
 * which administrators have.
 *
 * <p>Webhooks ({@link RingCentralWebhooks}): the engine subscribes to the account's telephony sessions; RingCentral
 * notifies every call state change, and once a call has ended the engine reads its call log records by telephony
 * session id. The call log lags the event, so a notified call may not be readable at once.
 */
public final class RingCentralConnector implements Connector {
    private static final PlatformId PLATFORM = PlatformId.of("ringcentral");
    private static final OAuthSettings OAUTH = new OAuthSettings(
            URI.create("https://platform.ringcentral.com/restapi/oauth/authorize"),
            URI.create("https://platform.ringcentral.com/restapi/oauth/token"),
            // RingCentral grants the permissions of the app's registration; its authorize endpoint needs no scope
            List.of(),
            true,
            true,
            true);
    // an estimate, not a documented figure: a phone line's call log also holds missed, unanswered and
    // voicemail calls, which have no recording; about 60% of records being recorded, connected calls
    static final double RECORDED_SHARE = 0.6;

    // RingCentral: API at https://platform.ringcentral.com, recording content at https://media.ringcentral.com (with the token)
    static final VendorHosts HOSTS = new VendorHosts(
            List.of(HostPattern.exactly("platform.ringcentral.com"), HostPattern.exactly("media.ringcentral.com")),
            List.of(HostPattern.exactly("media.ringcentral.com")));

    private final HttpTransport transport = new HttpTransport(HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final RingCentralCallMapper mapper = new RingCentralCallMapper();
    private final RingCentralWebhooks webhooks = new RingCentralWebhooks(json);

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public String displayName() {
        return "RingCentral";
    }

    /** No transcripts (the call log has none). Webhooks: telephony session events, followed by a call-log read. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.RECORDINGS, Capability.HISTORICAL_BACKFILL,
                Capability.ONGOING_SYNC, Capability.WEBHOOKS);
    }

    /** None: the engine runs RingCentral's OAuth (see {@link #oauth()}), the JWT-credential path included. */
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

    /**
     * A day. RingCentral attaches a recording to a call log record after the call ends and documents no bound
     * on how long that takes; its own call log treats the last 24 hours as "recent" (dateFrom defaults to
     * dateTo minus 24 h). Re-reading a day costs one Heavy request per 1,000 calls, and unchanged calls are
     * recognised by their content hash.
     */
    @Override
    public Duration syncLookback() {
        return Duration.ofHours(24);
    }

    /** None for the account as a whole: every RingCentral request belongs to a throttling group. */
    @Override
    public VendorHosts hosts() {
        return HOSTS;
    }

    @Override
    public List<RateLimit> rateLimits() {
        return List.of();
    }

    @Override
    public Map<String, List<RateLimit>> rateLimitGroups() {
        Map<String, List<RateLimit>> groups = new LinkedHashMap<>();
        for (RingCentralThrottlingGroup group : RingCentralThrottlingGroup.values()) {
            groups.put(group.vendorName(), List.of(group.rateLimit()));
        }
        return Map.copyOf(groups);
    }

    /**
     * RingCentral counts per authorizing user and app, but the engine passes only the current access token, so
     * the budget is keyed by the token. A refreshed token therefore starts a fresh budget, and the minute after a
     * refresh may overrun RingCentral's window once (answered by a 429 whose Retry-After the engine honours).
     * Keying by the token's owner (owner_id in RingCentral's token response) needs the engine to pass it.
     */
    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        // RingCentral budgets per authorizing user: the token's owner is stable across refreshes, the token is not
        return context.baseUrl().map(URI::toString).orElse(RingCentralClient.PLATFORM_URL) + "|"
                + context.credentials().find(Credentials.TOKEN_OWNER)
                        .orElseGet(() -> context.credentials().require(Credentials.ACCESS_TOKEN)).reveal();
    }

    /**
     * Pages of 1,000 records at one Heavy request each, plus one Heavy content download for every recorded
     * call ({@link #RECORDED_SHARE} of them): recordings, not listing, set the pace at 10 Heavy requests a minute.
     */
    @Override
    public ListingCost listingCost() {
        return new ListingCost(RingCentralClient.MAX_PAGE_SIZE, 1, RECORDED_SHARE);
    }

    @Override
    @SuppressWarnings("removal")
    public double requestsPerCall() {
        return 1.0 / RingCentralClient.MAX_PAGE_SIZE + RECORDED_SHARE;
    }

    /**
     * A week: every request of every slice draws from the same per-user Heavy budget, so parallel slices gain
     * nothing, and each window costs at least one request even when it holds no calls.
     */
    @Override
    public Duration preferredSliceLength() {
        return Duration.ofDays(7);
    }

    @Override
    public CallSource open(ConnectionContext context) {
        return new RingCentralCallSource(new RingCentralClient(transport, context, json), mapper, json);
    }
}
