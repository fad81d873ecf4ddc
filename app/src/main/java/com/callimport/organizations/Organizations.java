package com.callimport.organizations;

import com.callimport.customertext.CustomerText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Creates, lists, disables and enables organizations; their tokens are {@link ApiTokens}. */
@Component
public class Organizations {
    public static final String DEFAULT_PLAN = "standard";
    private static final String COLUMNS = "id, name, plan, created_at, disabled_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApiTokens tokens;

    Organizations(JdbcClient jdbc, Clock clock, ApiTokens tokens) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tokens = tokens;
    }

    /** No organization with that id. */
    public static final class OrganizationNotFound extends RuntimeException {
        OrganizationNotFound(OrganizationId id) {
            super("no organization " + id.value() + "; list them with GET /api/admin/organizations");
        }
    }

    /** Creates the organization and its first API token, named "initial". */
    @Transactional
    public IssuedToken create(String name, String plan) {
        Organization organization = register(name, plan);
        return new IssuedToken(organization, tokens.issue(organization.id(), "initial", null).value());
    }

    /**
     * Creates the organization without an API token: what a sign-up in the web app does, where people sign
     * in with a password and an administrator issues tokens later if the organization wants the API.
     */
    @Transactional
    public Organization register(String name, String plan) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: give the organization a name");
        }
        String checkedName = CustomerText.name("name", name);
        String chosenPlan = plan == null || plan.isBlank() ? DEFAULT_PLAN : plan.strip();
        if (!chosenPlan.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("plan: send a plan id of 1 to 40 lower-case letters, digits and dashes, e.g. "
                    + DEFAULT_PLAN);
        }
        Organization organization = new Organization(OrganizationId.random(), checkedName, chosenPlan, Instant.now(clock), null);
        jdbc.sql("INSERT INTO organizations (id, name, plan, created_at) VALUES (?, ?, ?, ?)")
                .params(organization.id().value(), organization.name(), organization.plan(),
                        organization.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        return organization;
    }

    public List<Organization> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organizations ORDER BY created_at, id")
                .query(Organizations::organization)
                .list();
    }

    public Optional<Organization> find(OrganizationId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organizations WHERE id = ?")
                .param(id.value())
                .query(Organizations::organization)
                .optional();
    }

    public Organization get(OrganizationId id) {
        return find(id).orElseThrow(() -> new OrganizationNotFound(id));
    }

    /** Its tokens stop working on every instance from the next request; nothing it owns is removed. */
    @Transactional
    public Organization disable(OrganizationId id) {
        get(id);
        jdbc.sql("UPDATE organizations SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")
                .params(Instant.now(clock).atOffset(ZoneOffset.UTC), id.value())
                .update();
        return get(id);
    }

    @Transactional
    public Organization enable(OrganizationId id) {
        get(id);
        jdbc.sql("UPDATE organizations SET disabled_at = NULL WHERE id = ?").param(id.value()).update();
        return get(id);
    }

    /**
     * Deletes the organization's rows; every table that belongs to an organization cascades from it.
     * Whoever calls this first ends what lives outside the database (recordings, vendor subscriptions).
     */
    @Transactional
    public void deleteRows(OrganizationId id) {
        jdbc.sql("DELETE FROM organizations WHERE id = ?").param(id.value()).update();
    }

    private static Organization organization(ResultSet rs, int row) throws SQLException {
        Timestamp disabled = rs.getTimestamp(5);
        return new Organization(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), disabled == null ? null : disabled.toInstant());
    }
}
