package com.callimport.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@EngineIntegrationTest
class ImportPlanningIntegrationTest {
    @Autowired
    Organizations organizations;
    @Autowired
    Connections connections;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aTenYearWindowOfDailySlicesIsStoredWholeAndContiguous() {
        OrganizationId organization = organizations.create("Planner", null).organization().id();
        UUID connection = connections.create(organization, new Connections.NewConnection("gong", "Gong",
                Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK-1", "accessKeySecret", "s"), Map.of())).id();
        DateWindow tenYears = new DateWindow(Instant.parse("2016-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        List<DateWindow> slices = tenYears.slices(Duration.ofDays(1));

        // the most slices a plan can have is far fewer (SlicePlanner); this is the storage's worst case, in one statement
        ImportRun run = runs.create(organization, connection, ImportRun.Kind.BACKFILL, tenYears, slices, OptionalLong.of(0));

        record Stored(long count, Instant first, Instant last, long gaps) { }
        Stored stored = jdbc.sql("""
                SELECT count(*), min(window_from), max(window_to),
                       count(*) FILTER (WHERE window_to - window_from <> interval '1 day')
                FROM import_slices WHERE run_id = ? AND state = 'PENDING' AND position = ''""")
                .param(run.id())
                .query((rs, row) -> new Stored(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4)))
                .single();
        assertThat(stored).isEqualTo(new Stored(3653, tenYears.from(), tenYears.to(), 0));
    }
}
