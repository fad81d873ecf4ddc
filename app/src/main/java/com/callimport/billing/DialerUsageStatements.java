package com.callimport.billing;

import com.callimport.emails.CustomerEmails;
import com.callimport.emails.EmailTemplates;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The monthly usage statement of ongoing dialer sync billed per call: once a month has ended, each organization whose
 * sync passes imported calls in it is emailed the month's calls and their price, to every owner and admin. Run daily
 * by JobRunr on any instance (so a month missed while the service was down still goes out); the month is claimed in
 * {@code dialer_usage_statements} before its emails are sent, so each organization gets each month's statement once.
 */
@Component
public class DialerUsageStatements {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.US);

    private final JdbcClient jdbc;
    private final DialerUsage usage;
    private final Organizations organizations;
    private final People people;
    private final EmailTemplates templates;
    private final CustomerEmails emails;
    private final Clock clock;
    private final String publicUrl;

    DialerUsageStatements(JdbcClient jdbc, DialerUsage usage, Organizations organizations, People people, EmailTemplates templates,
                          CustomerEmails emails, Clock clock, @Value("${callimport.web.public-url:}") String publicUrl) {
        this.jdbc = jdbc;
        this.usage = usage;
        this.organizations = organizations;
        this.people = people;
        this.templates = templates;
        this.emails = emails;
        this.clock = clock;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip().replaceAll("/+$", "");
    }

    /** Sends the statements of the last month that has ended (UTC) not sent yet; nothing when dialer sync is included. */
    public void sendForLastMonth() {
        send(YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1));
    }

    /** @return how many organizations were sent the month's statement now */
    public int send(YearMonth month) {
        if (usage.included()) {
            return 0;
        }
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<UUID> billed = jdbc.sql("""
                SELECT DISTINCT organization_id FROM import_runs
                WHERE kind = 'SYNC' AND state = 'SUCCEEDED' AND imported_calls > 0 AND finished_at >= ? AND finished_at < ?""")
                .params(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)).query(UUID.class).list();
        int sent = 0;
        for (UUID id : billed) {
            OrganizationId organization = new OrganizationId(id);
            DialerUsage.Month figures = usage.month(organization, month);
            boolean claimed = jdbc.sql("""
                    INSERT INTO dialer_usage_statements (organization_id, month, calls, amount, currency, sent_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(id, month.atDay(1), figures.calls(), figures.amount().amount(), figures.amount().currency().getCurrencyCode(),
                            Instant.now(clock).atOffset(ZoneOffset.UTC))
                    .update() == 1;
            if (claimed) {
                email(organizations.get(organization), figures);
                sent++;
            }
        }
        return sent;
    }

    private void email(Organization organization, DialerUsage.Month figures) {
        String monthName = MONTH.format(figures.month());
        String amount = money(figures.amount().amount(), figures.amount().currency());
        Map<String, Object> variables = Map.of("organizationName", organization.name(), "month", monthName,
                "calls", String.format(Locale.US, "%,d", figures.calls()), "amount", amount,
                "pricePerCall", money(usage.pricePerCall().amount(), usage.pricePerCall().currency()));
        String subject = "Your dialer sync usage for " + monthName + ": " + amount;
        for (Person manager : people.of(organization.id()).stream().filter(person -> person.role().manages()).toList()) {
            emails.send(templates.render(organization.id(), manager.email(), subject, "dialer-usage-statement", variables,
                    publicUrl + "/billing"));
        }
    }

    /** A per-call price as people read it, with the fraction of a cent it may have: $0.02, $0.015. */
    private static String money(BigDecimal amount, Currency currency) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        format.setMaximumFractionDigits(Math.max(currency.getDefaultFractionDigits(), amount.stripTrailingZeros().scale()));
        return format.format(amount);
    }
}
