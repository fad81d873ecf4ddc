package com.callimport.billing;

import com.callimport.organizations.OrganizationId;
import com.callimport.pricing.Money;
import com.callimport.pricing.PriceList;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Calls that ongoing dialer sync brought in, billed as configured ({@code callimport.pricing.dialer-sync.mode}):
 * included in the subscription, or per call on a monthly usage statement per organization.
 */
@Component
public class DialerUsage {
    private final JdbcClient jdbc;
    private final PriceList prices;

    DialerUsage(JdbcClient jdbc, PriceList prices) {
        this.jdbc = jdbc;
        this.prices = prices;
    }

    /** One month of the statement: new calls its sync passes imported, and what they cost (zero when included). */
    public record Month(YearMonth month, long calls, Money amount) {
    }

    public boolean included() {
        return prices.dialerSyncIncluded();
    }

    public Money pricePerCall() {
        return prices.dialerSyncPricePerCall();
    }

    /** One month (UTC) of the statement; zero calls when no sync pass imported any. */
    public Month month(OrganizationId organization, YearMonth month) {
        long calls = jdbc.sql("""
                SELECT coalesce(sum(imported_calls), 0) FROM import_runs
                WHERE organization_id = ? AND kind = 'SYNC' AND state = 'SUCCEEDED' AND finished_at >= ? AND finished_at < ?""")
                .params(organization.value(), month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                        month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        return new Month(month, calls, prices.dialerSyncPricePerCall().times(calls).rounded());
    }

    /** The last twelve months with sync calls, newest first; a month's figure grows until it ends. */
    public List<Month> statement(OrganizationId organization) {
        return jdbc.sql("""
                SELECT date_trunc('month', finished_at AT TIME ZONE 'UTC') AS month, sum(imported_calls) AS calls
                FROM import_runs WHERE organization_id = ? AND kind = 'SYNC' AND state = 'SUCCEEDED' AND imported_calls > 0
                GROUP BY 1 ORDER BY 1 DESC LIMIT 12""")
                .param(organization.value())
                .query((rs, row) -> {
                    long calls = rs.getLong("calls");
                    YearMonth month = YearMonth.from(rs.getTimestamp("month").toLocalDateTime().atOffset(ZoneOffset.UTC));
                    return new Month(month, calls, prices.dialerSyncPricePerCall().times(calls).rounded());
                })
                .list();
    }
}
