package com.callimport.platformrequests;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.customertext.CustomerText;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Ask us for it": requests for platforms the catalogue marks as not supported. An organization asks once per
 * platform; asking again keeps the first request (its date is when interest began).
 */
@Component
public class PlatformRequests {
    private final JdbcClient jdbc;
    private final PlatformCatalog catalog;
    private final Clock clock;

    PlatformRequests(JdbcClient jdbc, PlatformCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Records the organization's request for a platform, or returns its earlier one.
     *
     * @throws IllegalArgumentException when the platform is supported already (connect it instead) or the note is too long
     * @throws com.callimport.catalog.KnownConnectors.UnknownPlatform when the catalogue does not know the platform
     */
    public PlatformRequest ask(OrganizationId organization, String platform, Optional<UUID> requestedBy, String requestedByEmail,
                               Optional<String> note) {
        PlatformEntry entry = catalog.require(platform);
        if (entry.status().hasConnector()) {
            throw new IllegalArgumentException("platform: " + entry.name() + " is " + entry.status().label().toLowerCase()
                    + " already; connect it instead of asking for it");
        }
        if (requestedByEmail == null || requestedByEmail.isBlank()) {
            throw new IllegalArgumentException("requestedByEmail: say who asked, so that we can tell them when it is ready");
        }
        Optional<String> bounded = note.map(String::strip).filter(text -> !text.isEmpty())
                .map(text -> CustomerText.within("note", text, CustomerText.SETTING_CHARACTERS));
        jdbc.sql("""
                INSERT INTO platform_requests (id, organization_id, platform, requested_by, requested_by_email, note, requested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, platform) DO NOTHING""")
                .params(UUID.randomUUID(), organization.value(), platform, requestedBy.orElse(null),
                        CustomerText.within("requestedByEmail", requestedByEmail, CustomerText.NAME_CHARACTERS),
                        bounded.orElse(null), Instant.now(clock).atOffset(ZoneOffset.UTC))
                .update();
        return find(organization, platform).orElseThrow();
    }

    /** The organization's request for a platform, if it asked. */
    public Optional<PlatformRequest> find(OrganizationId organization, String platform) {
        return jdbc.sql("SELECT * FROM platform_requests WHERE organization_id = ? AND platform = ?")
                .params(organization.value(), platform)
                .query(PlatformRequests::request)
                .optional();
    }

    /** For staff: every organization's request for a platform, oldest first. Not for customers' pages. */
    public List<PlatformRequest> forPlatform(String platform) {
        return jdbc.sql("SELECT * FROM platform_requests WHERE platform = ? ORDER BY requested_at, id")
                .param(platform)
                .query(PlatformRequests::request)
                .list();
    }

    /** How often a platform was asked for: the organizations that asked, and when the first and latest did. */
    public record Demand(String platform, long organizations, Instant firstAt, Instant latestAt) {
    }

    /** For staff: every platform customers asked for, the most asked-for first. Not for customers' pages. */
    public List<Demand> demand() {
        return jdbc.sql("""
                SELECT platform, count(*), min(requested_at), max(requested_at) FROM platform_requests
                GROUP BY platform ORDER BY count(*) DESC, platform""")
                .query((rs, row) -> new Demand(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    private static PlatformRequest request(ResultSet rs, int row) throws SQLException {
        return new PlatformRequest(rs.getObject("id", UUID.class), new OrganizationId(rs.getObject("organization_id", UUID.class)),
                rs.getString("platform"), Optional.ofNullable(rs.getObject("requested_by", UUID.class)),
                rs.getString("requested_by_email"), Optional.ofNullable(rs.getString("note")),
                rs.getTimestamp("requested_at").toInstant());
    }
}
