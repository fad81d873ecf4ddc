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
import com.callimport.connector.VendorHosts;
import com.callimport.connectors.http.HttpTransport;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gong Engage, Gong's dialer, offered as a dialer of its own: its calls are recorded and listed as ordinary Gong calls, so
 * this is the Gong connector (same credentials, same API, same company-wide budget) selecting the calls Gong's dialer
 * placed and at least {@link #MINIMUM_DIALER_CALL} long. Its calls carry Gong call ids, as a Gong connection's do, so
 * {@link #callIdentity()} is Gong's: a call both connections bring over is one call of the organization.
 */
public final class GongEngageConnector implements Connector {
    private static final PlatformId PLATFORM = PlatformId.of("gong-engage");
    /** help.gong.io "Define the recording settings": Gong imports dialer calls from 3 s (other telephony calls from 30 s). */
    static final Duration MINIMUM_DIALER_CALL = Duration.ofSeconds(3);

    private final GongConnector gong = new GongConnector();
    private final HttpTransport transport = new HttpTransport(GongConnector.HOSTS);
    private final JsonMapper json = JsonMapper.builder().build();
    private final GongCallMapper mapper = new GongCallMapper();

    @Override
    public PlatformId platform() {
        return PLATFORM;
    }

    @Override
    public PlatformId callIdentity() {
        return gong.platform();
    }

    @Override
    public String displayName() {
        return "Gong Engage";
    }

    /** A dialer: ongoing sync (hourly or daily) of the dialer's calls, and the history a first pass reads back. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.METADATA, Capability.PARTICIPANTS, Capability.TRANSCRIPTS, Capability.RECORDINGS,
                Capability.HISTORICAL_BACKFILL, Capability.ONGOING_SYNC);
    }

    @Override
    public List<CredentialField> credentialFields() {
        return gong.credentialFields();
    }

    @Override
    public VendorHosts hosts() {
        return gong.hosts();
    }

    @Override
    public List<SettingField> settingFields() {
        return gong.settingFields();
    }

    @Override
    public List<RateLimit> rateLimits() {
        return gong.rateLimits();
    }

    /** The Gong company's: a Gong and a Gong Engage connection with the same key draw from one budget. */
    @Override
    public String rateBudgetAccount(ConnectionContext context) {
        return gong.rateBudgetAccount(context);
    }

    @Override
    public Duration syncLookback() {
        return gong.syncLookback();
    }

    @Override
    public ListingCost listingCost() {
        return gong.listingCost();
    }

    @Override
    public CallSource open(ConnectionContext context) {
        return new GongCallSource(new GongClient(transport, context, json), mapper, context, Optional.of(MINIMUM_DIALER_CALL));
    }
}
