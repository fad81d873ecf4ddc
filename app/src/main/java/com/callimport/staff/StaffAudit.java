package com.callimport.staff;

import com.callimport.organizations.OrganizationId;
import com.callimport.people.Person;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log of staff actions (a credit issued, a run resumed for a customer, a CSM assigned). Written in
 * the caller's transaction, so an action and its record land together or not at all; never edited.
 */
@Component
public class StaffAudit {
    private static final int MAX_DETAIL_CHARACTERS = 2_000;
    private final JdbcClient jdbc;
    private final Clock clock;

    StaffAudit(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records what a staff person did.
     *
     * @param action short and stable, e.g. {@code credit.issued}, {@code run.resumed}
     * @param detail what a later reader needs (amounts, ids, the reason typed); never a secret
     */
    public StaffAction record(Person staff, String action, Optional<OrganizationId> organization, String detail) {
        if (!staff.staff()) {
            throw new IllegalArgumentException("only staff actions are audited here: " + staff.id());
        }
        String kept = detail.length() > MAX_DETAIL_CHARACTERS ? detail.substring(0, MAX_DETAIL_CHARACTERS) : detail;
        Instant now = Instant.now(clock);
        long id = jdbc.sql("INSERT INTO staff_actions (staff_user_id, staff_email, action, organization_id, detail, at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                .params(staff.id(), staff.email(), action, organization.map(OrganizationId::value).orElse(null), kept,
                        Timestamp.from(now))
                .query(Long.class)
                .single();
        return new StaffAction(id, Optional.of(staff.id()), staff.email(), action, organization, kept, now);
    }

    /** The latest actions, newest first, across organizations. */
    public List<StaffAction> latest(int limit) {
        return jdbc.sql("SELECT id, staff_user_id, staff_email, action, organization_id, detail, at FROM staff_actions "
                        + "ORDER BY at DESC, id DESC LIMIT ?")
                .param(limit)
                .query(StaffAudit::action)
                .list();
    }

    /** The latest actions that touched one organization, newest first. */
    public List<StaffAction> latest(OrganizationId organization, int limit) {
        return jdbc.sql("SELECT id, staff_user_id, staff_email, action, organization_id, detail, at FROM staff_actions "
                        + "WHERE organization_id = ? ORDER BY at DESC, id DESC LIMIT ?")
                .params(organization.value(), limit)
                .query(StaffAudit::action)
                .list();
    }

    private static StaffAction action(ResultSet rs, int row) throws SQLException {
        UUID organization = rs.getObject(5, UUID.class);
        return new StaffAction(rs.getLong(1), Optional.ofNullable(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4),
                Optional.ofNullable(organization).map(OrganizationId::new), rs.getString(6), rs.getTimestamp(7).toInstant());
    }
}
