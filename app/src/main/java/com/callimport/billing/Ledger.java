package com.callimport.billing;

import com.callimport.organizations.OrganizationId;
import com.callimport.people.Person;
import com.callimport.staff.StaffAudit;
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
import org.springframework.transaction.annotation.Transactional;

/**
 * The billing ledger: every movement of money, append-only, each written once by its key. It balances when, for every
 * organization, payments − refunds + credit applied = billed (the calls that landed × their frozen prices); a staff
 * credit is money the organization may spend on later imports, so it balances only once applied.
 */
@Component
public class Ledger {
    private final JdbcClient jdbc;
    private final Clock clock;

    private final StaffAudit audit;

    Ledger(JdbcClient jdbc, Clock clock, StaffAudit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public enum Kind { BILLED, PAYMENT, REFUND, CREDIT_ISSUED, CREDIT_APPLIED, USAGE }

    public record Entry(long id, OrganizationId organization, Kind kind, long amountMinor, String currency, Optional<Long> calls,
                        Optional<UUID> checkoutId, Optional<UUID> runId, String description, Optional<String> recordedBy, Instant at) {
    }

    /** One organization's totals, in minor units. */
    public record Balance(OrganizationId organization, String organizationName, long billed, long payments, long refunds,
                          long creditIssued, long creditApplied) {
        /** payments − refunds + credit applied − billed: zero when the ledger balances. */
        public long difference() {
            return payments - refunds + creditApplied - billed;
        }

        public boolean balanced() {
            return difference() == 0;
        }

        public long creditLeft() {
            return creditIssued - creditApplied;
        }
    }

    /** Records an entry once: false when its key was recorded before. */
    boolean record(OrganizationId organization, Kind kind, long amountMinor, String currency, Long calls, UUID checkoutId, UUID runId,
                   String description, String key, String recordedBy) {
        return jdbc.sql("""
                INSERT INTO billing_entries (organization_id, kind, amount_minor, currency, calls, checkout_id, run_id, description,
                                             entry_key, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_key) DO NOTHING""")
                .params(organization.value(), kind.name(), amountMinor, currency, calls, checkoutId, runId, description, key, recordedBy,
                        Instant.now(clock).atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    /**
     * A credit staff grant an organization, spent on its next billable imports before their card; recorded once per
     * {@code key} (a form submitted twice grants once).
     */
    @Transactional
    public boolean issueCredit(OrganizationId organization, long amountMinor, String currency, String reason, Person staff, String key) {
        boolean issued = issueCredit(organization, amountMinor, currency, reason, staff.email(), key);
        if (issued) {
            // the credit and its audit record land together or not at all
            audit.record(staff, "credit.issued", Optional.of(organization), amountMinor + " " + currency + " minor units: " + reason.strip());
        }
        return issued;
    }

    @Transactional
    public boolean issueCredit(OrganizationId organization, long amountMinor, String currency, String reason, String staffEmail, String key) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("Enter a credit above zero.");
        }
        if (amountMinor > 1_000_000_00L) {
            throw new IllegalArgumentException("A credit above 1,000,000 needs a contract change, not a credit.");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("Say why the credit is given (at most 500 characters).");
        }
        return record(organization, Kind.CREDIT_ISSUED, amountMinor, currency, null, null, null, reason.strip(), "credit-" + key, staffEmail);
    }

    public List<Entry> entries(OrganizationId organization) {
        return jdbc.sql("SELECT * FROM billing_entries WHERE organization_id = ? ORDER BY id DESC LIMIT 500")
                .param(organization.value()).query(Ledger::entry).list();
    }

    public Balance balance(OrganizationId organization) {
        return balances(Optional.of(organization)).stream().findFirst()
                .orElse(new Balance(organization, "", 0, 0, 0, 0, 0));
    }

    /** Every organization's totals, those with any entry, largest billed first. */
    public List<Balance> balances() {
        return balances(Optional.empty());
    }

    private List<Balance> balances(Optional<OrganizationId> only) {
        UUID id = only.map(OrganizationId::value).orElse(null);
        return jdbc.sql("""
                SELECT o.id, o.name,
                       coalesce(sum(e.amount_minor) FILTER (WHERE e.kind = 'BILLED'), 0) AS billed,
                       coalesce(sum(e.amount_minor) FILTER (WHERE e.kind = 'PAYMENT'), 0) AS payments,
                       coalesce(sum(e.amount_minor) FILTER (WHERE e.kind = 'REFUND'), 0) AS refunds,
                       coalesce(sum(e.amount_minor) FILTER (WHERE e.kind = 'CREDIT_ISSUED'), 0) AS credit_issued,
                       coalesce(sum(e.amount_minor) FILTER (WHERE e.kind = 'CREDIT_APPLIED'), 0) AS credit_applied
                FROM organizations o JOIN billing_entries e ON e.organization_id = o.id
                WHERE (?::uuid IS NULL OR o.id = ?::uuid)
                GROUP BY o.id, o.name ORDER BY billed DESC, o.name""")
                .params(id, id)
                .query((rs, row) -> new Balance(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getLong("billed"),
                        rs.getLong("payments"), rs.getLong("refunds"), rs.getLong("credit_issued"), rs.getLong("credit_applied")))
                .list();
    }

    /** Credit issued and not yet applied nor promised to a settlement in flight; read under the organization's billing lock. */
    long creditAvailable(OrganizationId organization) {
        return jdbc.sql("""
                SELECT coalesce((SELECT sum(CASE kind WHEN 'CREDIT_ISSUED' THEN amount_minor ELSE -amount_minor END)
                                 FROM billing_entries WHERE organization_id = ? AND kind IN ('CREDIT_ISSUED', 'CREDIT_APPLIED')), 0)
                     - coalesce((SELECT sum(credit_applied_minor) FROM import_checkouts
                                 WHERE organization_id = ? AND state = 'SETTLING'), 0)""")
                .params(organization.value(), organization.value()).query(Long.class).single();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        long calls = rs.getLong("calls");
        Optional<Long> callCount = rs.wasNull() ? Optional.empty() : Optional.of(calls);
        return new Entry(rs.getLong("id"), new OrganizationId(rs.getObject("organization_id", UUID.class)), Kind.valueOf(rs.getString("kind")),
                rs.getLong("amount_minor"), rs.getString("currency"), callCount, Optional.ofNullable(rs.getObject("checkout_id", UUID.class)),
                Optional.ofNullable(rs.getObject("run_id", UUID.class)), rs.getString("description"),
                Optional.ofNullable(rs.getString("recorded_by")), rs.getTimestamp("recorded_at").toInstant());
    }
}
