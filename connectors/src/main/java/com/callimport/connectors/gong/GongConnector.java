package com.callimport.connectors.gong;

import com.callimport.connector.CallSource;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectionContext;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.connector.ListingCost;
import com.callimport.connector.PlatformId;
import com.callimport.connector.RateLimit;
import com.callimport.connector.SettingField;
import com.callimport.connector.HostPattern;
import com.callimport.connector.VendorHosts;
import com.callimport.connectors.http.HttpTransport;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Gong (public API v2, access key and secret), registered through {@link java.util.ServiceLoader}. */
public final class GongConnector implements Connector {
    static final String BASE_URL = "baseUrl";
    static final String ACCESS_KEY = "accessKey";
    static final String ACCESS_KEY_SECRET = "accessKeySecret";

    static final SettingField INCLUDE_PRIVATE_CALLS = SettingField.flag("includePrivateCalls", "Include private calls", false,
            "Gong users can mark calls private; by default they are skipped and reported as skipped.");

    private static final PlatformId PLATFORM = PlatformId.of("gong");

    // Gong: per-customer https://<tenant>.api.gong.io, generic https://api.gong.io; media are presigned S3 URLs
    // (UNCONFIRMED which bucket host, so any S3 host; they carry no Gong credential)
    static final VendorHosts HOSTS = new VendorHosts(
            List.of(HostPattern.anyUnder("api.gong.io"), HostPattern.exactly("api.gong.io")),
            List.of(HostPattern.anyUnder("amazonaws.com"), HostPattern.anyUnder("gong.io")));

    private final HttpTransport transport = new HttpTransport(HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final GongCallMapper mapper = new GongCallMapper();

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public String displayName() {
        return "Gong";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.TRANSCRIPTS, Capability.RECORDINGS,
                Capability.HISTORICAL_BACKFILL, Capability.ONGOING_SYNC);
    }

    @Override
    public List<CredentialField> credentialFields() {
        return List.of(
                CredentialField.apiAddress(BASE_URL, "API base URL",
                        "Your company's own Gong API address, e.g. https://us-12345.api.gong.io, shown in Gong under "
                                + "Company settings → Ecosystem → API next to the access key."),
                CredentialField.secret(ACCESS_KEY, "Access key",
                        "A Gong technical administrator creates it under Company settings → Ecosystem → API."),
                CredentialField.secret(ACCESS_KEY_SECRET, "Access key secret",
                        "Shown once, when the access key is created; create a new key if it was not kept."));
    }

    @Override
    public VendorHosts hosts() {
        return HOSTS;
    }

    @Override
    public List<SettingField> settingFields() {
        return List.of(INCLUDE_PRIVATE_CALLS);
    }

    @Override
    public List<RateLimit> rateLimits() {
        // Gong API docs: 3 calls per second and 10,000 per day per company
        return List.of(RateLimit.perSecond(3), RateLimit.perDay(10_000));
    }

    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        // Gong counts per company; a key identifies its company, and the base URL its region
        return GongClient.baseUrl(context) + "|" + context.credentials().require(ACCESS_KEY).reveal();
    }

    /** Gong adds media, transcripts and late-recorded dialer calls after processing; a day covers it. */
    @Override
    public Duration syncLookback() {
        return Duration.ofDays(1);
    }

    @Override
    public ListingCost listingCost() {
        // one extensive page and one transcript batch per ~100 calls; recordings come from storage, not the API
        return new ListingCost(GongClient.PAGE_SIZE, 2, 0);
    }


    @Override
    public CallSource open(ConnectionContext context) {
        return new GongCallSource(new GongClient(transport, context, json), mapper, context);
    }
}
