package com.callimport.people;

import com.callimport.organizations.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations to join an organization by an emailed link: issued by an owner or admin for an email and a
 * role (admin or member), valid for {@link #LIFETIME}, used once. Accepting one sets the newcomer's password
 * and adds them to the organization with that role. Only a SHA-256 of each link's token is stored.
 */
@Component
public class Invitations {
    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final String COLUMNS = "i.id, i.organization_id, i.email, i.role, i.created_at, i.expires_at, o.name";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final People people;
    private final SecureRandom random = new SecureRandom();

    Invitations(JdbcClient jdbc, Clock clock, People people) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.people = people;
    }

    /** An open invitation: not accepted, not revoked, not expired. */
    public record Invitation(UUID id, OrganizationId organization, String email, Role role, Instant createdAt, Instant expiresAt,
                             String organizationName) {
    }

    /** A freshly issued invitation: the only moment its token exists outside the link. */
    public record Issued(Invitation invitation, String token) {
        @Override
        public String toString() {
            return "Issued[" + invitation.id() + ", token=redacted]";
        }
    }

    /**
     * Invites {@code email} into the inviter's organization; an open invitation for the same email there is
     * replaced, so only the newest link works.
     *
     * @throws AccessDeniedException when the inviter is a member
     * @throws People.InvalidDetails naming email or role
     */
    @Transactional
    public Issued invite(Person inviter, String email, Role role) {
        if (!inviter.role().manages()) {
            throw new AccessDeniedException("only owners and admins invite people");
        }
        String stripped = email == null ? "" : email.strip();
        if (stripped.isEmpty() || stripped.length() > 254 || !stripped.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new People.InvalidDetails(Map.of("email", "Enter an email address like name@company.com."));
        }
        if (role == null || role == Role.OWNER) {
            throw new People.InvalidDetails(Map.of("role", "Choose Admin or Member."));
        }
        if (people.findByEmail(stripped).isPresent()) {
            throw new People.InvalidDetails(Map.of("email", "This person already has an account."));
        }
        Instant now = Instant.now(clock);
        jdbc.sql("UPDATE invitations SET revoked_at = ? WHERE organization_id = ? AND lower(email) = ? "
                        + "AND accepted_at IS NULL AND revoked_at IS NULL")
                .params(utc(now), inviter.organization().value(), stripped.toLowerCase(Locale.ROOT))
                .update();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO invitations (id, organization_id, email, role, token_sha256, invited_by, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, inviter.organization().value(), stripped, role.name(), sha256(token), inviter.id(), utc(now),
                        utc(now.plus(LIFETIME)))
                .update();
        return new Issued(find(inviter.organization(), id).orElseThrow(), token);
    }

    /** The open invitation a link's token stands for; empty when it is unknown, used, revoked or expired. */
    public Optional<Invitation> open(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM invitations i JOIN organizations o ON o.id = i.organization_id "
                        + "WHERE i.token_sha256 = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?")
                .params(sha256(token), utc(Instant.now(clock)))
                .query(Invitations::invitation)
                .optional();
    }

    /**
     * Accepts the invitation: the newcomer joins with the invited email, the chosen password and the role.
     * A token works once; a second try, or one after expiry, finds nothing.
     *
     * @throws People.InvalidDetails naming the password
     */
    @Transactional
    public Optional<Person> accept(String token, String password) {
        Optional<Invitation> open = open(token);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Invitation invitation = open.get();
        int claimed = jdbc.sql("UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL")
                .params(utc(Instant.now(clock)), invitation.id())
                .update();
        if (claimed == 0) {
            return Optional.empty();
        }
        return Optional.of(people.add(invitation.organization(), invitation.email(), password, invitation.role()));
    }

    /** The organization's open invitations, oldest first. */
    public List<Invitation> open(OrganizationId organization) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invitations i JOIN organizations o ON o.id = i.organization_id "
                        + "WHERE i.organization_id = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ? "
                        + "ORDER BY i.created_at, i.id")
                .params(organization.value(), utc(Instant.now(clock)))
                .query(Invitations::invitation)
                .list();
    }

    /** Revokes an open invitation of the organization; false when there is none with that id there. */
    @Transactional
    public boolean revoke(OrganizationId organization, UUID id) {
        return jdbc.sql("UPDATE invitations SET revoked_at = ? WHERE organization_id = ? AND id = ? "
                        + "AND accepted_at IS NULL AND revoked_at IS NULL")
                .params(utc(Instant.now(clock)), organization.value(), id)
                .update() == 1;
    }

    private Optional<Invitation> find(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM invitations i JOIN organizations o ON o.id = i.organization_id "
                        + "WHERE i.organization_id = ? AND i.id = ?")
                .params(organization.value(), id)
                .query(Invitations::invitation)
                .optional();
    }

    private static Invitation invitation(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)), rs.getString(3),
                Role.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7));
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
