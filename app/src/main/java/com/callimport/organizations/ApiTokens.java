package com.callimport.organizations;

import com.callimport.customertext.CustomerText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's API tokens: issued with a name, listed with when they were made and last used,
 * revoked at once, rotated with an overlap, optionally expiring.
 *
 * <p>Only a SHA-256 of each token is stored: a token is 256 random bits, so a plain hash is enough and a
 * lookup uses the unique index. Every request looks its token up in PostgreSQL, so a revocation or an
 * organization's disabling holds on every instance from the next request on.
 */
@Component
public class ApiTokens {
    static final String TOKEN_PREFIX = "cie_";
    /** How long the replaced token keeps working after a rotation, unless the caller says otherwise. */
    public static final Duration DEFAULT_ROTATION_OVERLAP = Duration.ofHours(24);
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(30);
    // last use is a hint for people, not an audit trail: write it at most once a minute per token
    private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A token as listed: never its value, which exists only once, in {@link Issued}. */
    public record ApiToken(UUID id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    /** A freshly issued token: the only moment its plain value exists outside the caller. */
    public record Issued(ApiToken token, String value) {
        @Override
        public String toString() {
            return "Issued[" + token.id() + ", value=redacted]";
        }
    }

    /** Who a presented token stands for. */
    public record Holder(OrganizationId organization, UUID tokenId) {
    }

    /** Why a presented token is not accepted, in words its holder can act on. */
    public static final class TokenRefused extends RuntimeException {
        TokenRefused(String message) {
            super(message);
        }
    }

    /** No token with that id in the organization. */
    public static final class TokenNotFound extends RuntimeException {
        TokenNotFound(UUID id) {
            super("no API token " + id + " in your organization; list them with GET /api/tokens");
        }
    }

    @Transactional
    public Issued issue(OrganizationId organization, String name, Instant expiresAt) {
        String checkedName = checkedName(name);
        Instant now = Instant.now(clock);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " has passed; give a time in the future, or leave it out for a token that does not expire");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = new ApiToken(UUID.randomUUID(), checkedName, now, null, expiresAt, null);
        jdbc.sql("INSERT INTO api_tokens (id, organization_id, token_sha256, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(token.id(), organization.value(), sha256(value), token.name(), utc(now), utc(expiresAt))
                .update();
        return new Issued(token, value);
    }

    public List<ApiToken> list(OrganizationId organization) {
        return jdbc.sql("SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens "
                        + "WHERE organization_id = ? ORDER BY created_at, id")
                .param(organization.value())
                .query(ApiTokens::token)
                .list();
    }

    /** Revokes a token at once; revoking it again changes nothing. */
    @Transactional
    public ApiToken revoke(OrganizationId organization, UUID id) {
        jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE organization_id = ? AND id = ? AND revoked_at IS NULL")
                .params(utc(Instant.now(clock)), organization.value(), id)
                .update();
        return get(organization, id);
    }

    /**
     * Issues a replacement under the same name and lets the old token work for {@code overlap} more, so
     * that every client can switch before it stops: rotation without downtime.
     */
    @Transactional
    public Issued rotate(OrganizationId organization, UUID id, Duration overlap) {
        Duration chosen = overlap == null ? DEFAULT_ROTATION_OVERLAP : overlap;
        if (chosen.isNegative() || chosen.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw new IllegalArgumentException("overlap: " + chosen + " is outside 0 to " + MAX_ROTATION_OVERLAP
                    + "; send an ISO-8601 duration such as PT1H (use PT0S to stop the old token at once)");
        }
        ApiToken old = get(organization, id);
        Instant now = Instant.now(clock);
        if (!old.activeAt(now)) {
            throw new IllegalArgumentException("token " + id + " is already revoked or expired; issue a new one with POST /api/tokens");
        }
        Instant oldEnds = now.plus(chosen);
        if (old.expiresAt() == null || old.expiresAt().isAfter(oldEnds)) {
            jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE id = ?").params(utc(oldEnds), id).update();
        }
        Instant newExpiry = old.expiresAt() == null ? null : now.plus(Duration.between(old.createdAt(), old.expiresAt()));
        return issue(organization, old.name(), newExpiry);
    }

    public ApiToken get(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM api_tokens "
                        + "WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(ApiTokens::token)
                .optional()
                .orElseThrow(() -> new TokenNotFound(id));
    }

    /**
     * The organization a presented token stands for, or empty when the value is no token of ours.
     *
     * @throws TokenRefused when it is ours but revoked, expired, or its organization is disabled
     */
    public Optional<Holder> authenticate(String presented) {
        if (presented == null || !presented.startsWith(TOKEN_PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        Optional<Row> found = jdbc.sql("SELECT t.id, t.organization_id, t.name, t.expires_at, t.revoked_at, t.last_used_at, o.disabled_at "
                        + "FROM api_tokens t JOIN organizations o ON o.id = t.organization_id WHERE t.token_sha256 = ?")
                .param(sha256(presented))
                .query((rs, row) -> new Row(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)),
                        rs.getString(3), instant(rs, 4), instant(rs, 5), instant(rs, 6), instant(rs, 7)))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row token = found.get();
        if (token.disabledAt() != null) {
            throw new TokenRefused("your organization is disabled; contact support to have it enabled again");
        }
        if (token.revokedAt() != null) {
            throw new TokenRefused("the API token '" + token.name() + "' was revoked; ask an administrator of your organization for a new one");
        }
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            throw new TokenRefused("the API token '" + token.name() + "' expired at " + token.expiresAt() + "; use its replacement or issue a new one");
        }
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USE_RESOLUTION))) {
            jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").params(utc(now), token.id()).update();
        }
        return Optional.of(new Holder(token.organization(), token.id()));
    }

    private record Row(UUID id, OrganizationId organization, String name, Instant expiresAt, Instant revokedAt,
                       Instant lastUsedAt, Instant disabledAt) {
    }

    static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: give the token a name that says where it is used, e.g. \"CRM sync\"");
        }
        return CustomerText.name("name", name);
    }

    private static ApiToken token(ResultSet rs, int row) throws SQLException {
        return new ApiToken(rs.getObject(1, UUID.class), rs.getString(2), instant(rs, 3), instant(rs, 4), instant(rs, 5), instant(rs, 6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
