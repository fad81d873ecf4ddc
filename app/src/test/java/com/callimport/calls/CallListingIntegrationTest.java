package com.callimport.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.organizations.OrganizationId;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The call list a customer filters and pages through, against real PostgreSQL: each filter narrows it, filters
 * combine, paging by cursor visits every call once, and at 100,000 calls every filter's first and deep pages are
 * read from an index (the plans are printed for docs/benchmarks.md).
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=calllisting")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallListingIntegrationTest {
    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final int LARGE = 100_000;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    CallStore calls;

    OrganizationId small;
    OrganizationId large;
    UUID smallConnection;
    Map<String, UUID> byTitle = new LinkedHashMap<>();

    @BeforeAll
    void seed() {
        small = organization("Small");
        smallConnection = connection(small, "gong");
        UUID otherConnection = connection(small, "fathom");
        call(small, smallConnection, "gong", "Discovery with Ada", T0, "Ada Lovelace", "ada@analytical.test", true, true);
        call(small, smallConnection, "gong", "Pricing with Ada", T0.minus(1, ChronoUnit.DAYS), "ADA LOVELACE", "ada@analytical.test", false, true);
        call(small, smallConnection, "gong", "Renewal with Grace", T0.minus(2, ChronoUnit.DAYS), "Grace Hopper", "grace@navy.test", true, false);
        call(small, otherConnection, "fathom", "Demo for 100% Co", T0.minus(3, ChronoUnit.DAYS), "Percy", "100%_off@deals.test", false, false);
        call(small, otherConnection, "fathom", "Kick-off with Alan", T0.minus(40, ChronoUnit.DAYS), "Alan Turing", "alan@bletchley.test", true, true);

        OrganizationId neighbour = organization("Neighbour");
        call(neighbour, connection(neighbour, "gong"), "gong", "Someone else's Ada call", T0, "Ada Lovelace", "ada@elsewhere.test", true, true);

        large = organization("Large");
        UUID largeConnection = connection(large, "gong");
        // a year and more of calls, a third per platform, a third with a transcript, a quarter with a recording
        jdbc.sql("""
                INSERT INTO calls (id, organization_id, connection_id, platform, vendor_call_id, title, started_at, duration_ms, direction,
                    participants, transcript, recording_key, recording_media_type, recording_bytes, recording_sha256, raw_metadata,
                    content_hash, imported_at, updated_at)
                SELECT gen_random_uuid(), ?, ?, (ARRAY['gong', 'fathom', 'grain'])[1 + n % 3], 'v' || n, 'Call ' || n,
                    timestamptz '2026-06-01 00:00:00+00' - make_interval(mins => n * 7), 600000, 'OUTBOUND',
                    jsonb_build_array(jsonb_build_object('name', 'Customer ' || n, 'email', 'buyer' || n || '@example.test',
                                                         'affiliation', 'EXTERNAL'),
                                      jsonb_build_object('name', 'Rep ' || (n % 40), 'email', 'rep' || (n % 40) || '@seller.test',
                                                         'affiliation', 'INTERNAL')),
                    CASE WHEN n % 3 = 0 THEN '[{"speakerId":"1","startMillis":0,"endMillis":900,"text":"hello"}]'::jsonb ELSE '[]'::jsonb END,
                    CASE WHEN n % 4 = 0 THEN 'k/' || n END, CASE WHEN n % 4 = 0 THEN 'audio/mpeg' END,
                    CASE WHEN n % 4 = 0 THEN 1000 END, CASE WHEN n % 4 = 0 THEN md5(n::text) END,
                    '{}'::jsonb, md5(n::text), now(), now()
                FROM generate_series(1, ?) AS n""")
                .params(large.value(), largeConnection, LARGE)
                .update();
        jdbc.sql("ANALYZE calls").update();
    }

    @Test
    void eachFilterNarrowsTheListAndTheyCombine() {
        assertThat(titles(CallFilter.NONE)).containsExactly("Discovery with Ada", "Pricing with Ada", "Renewal with Grace",
                "Demo for 100% Co", "Kick-off with Alan");
        assertThat(titles(filter("fathom", null, null, null, null, null))).containsExactly("Demo for 100% Co", "Kick-off with Alan");
        assertThat(titles(filter(null, T0.minus(3, ChronoUnit.DAYS), T0, null, null, null)))
                .as("from is inclusive, to exclusive").containsExactly("Pricing with Ada", "Renewal with Grace", "Demo for 100% Co");
        assertThat(titles(filter(null, null, null, "ada", null, null))).as("any case, name or email")
                .containsExactly("Discovery with Ada", "Pricing with Ada");
        assertThat(titles(filter(null, null, null, "NAVY.TEST", null, null))).containsExactly("Renewal with Grace");
        assertThat(titles(filter(null, null, null, "%_", null, null))).as("wildcards are matched as typed")
                .containsExactly("Demo for 100% Co");
        assertThat(titles(filter(null, null, null, null, true, null))).containsExactly("Discovery with Ada", "Renewal with Grace",
                "Kick-off with Alan");
        assertThat(titles(filter(null, null, null, null, null, false))).containsExactly("Renewal with Grace", "Demo for 100% Co");
        assertThat(titles(filter("gong", null, null, "ada", true, true))).containsExactly("Discovery with Ada");
        assertThat(titles(CallFilter.NONE.withConnection(smallConnection))).hasSize(3);
    }

    @Test
    void anotherOrganizationsCallsNeverAppear() {
        assertThat(titles(filter(null, null, null, "ada", null, null))).doesNotContain("Someone else's Ada call");
    }

    @Test
    void pagingByCursorVisitsEveryCallOnceNewestFirstAndComesBack() {
        CallFilter transcribed = filter("gong", null, null, null, true, null);
        List<UUID> all = calls.list(large, transcribed, null, null, 500).calls().stream().map(StoredCall::id).toList();
        assertThat(all).hasSize(500);

        List<UUID> walked = new ArrayList<>();
        List<CallListing> pages = new ArrayList<>();
        CallListing page = calls.list(large, transcribed, null, null, 70);
        assertThat(page.newer()).as("the first page has nothing newer").isEmpty();
        while (walked.size() < 500) {
            pages.add(page);
            page.calls().forEach(call -> walked.add(call.id()));
            page = calls.list(large, transcribed, page.older().orElseThrow(), null, 70);
        }
        assertThat(walked.subList(0, 500)).isEqualTo(all);

        CallListing third = pages.get(2);
        CallListing back = calls.list(large, transcribed, null, calls.list(large, transcribed, third.older().orElseThrow(), null, 70)
                .newer().orElseThrow(), 70);
        assertThat(back.calls()).isEqualTo(third.calls());
        CallListing first = calls.list(large, transcribed, null, pages.get(1).newer().orElseThrow(), 70);
        assertThat(first.calls()).isEqualTo(pages.getFirst().calls());
        assertThat(first.newer()).as("back at the start, nothing newer").isEmpty();
    }

    @Test
    void callsStartingAtTheSameInstantArePagedByIdWithoutLossOrRepeat() {
        OrganizationId ties = organization("Ties");
        UUID connection = connection(ties, "gong");
        for (int i = 0; i < 9; i++) {
            call(ties, connection, "gong", "Same time " + i, T0, "P" + i, "p" + i + "@x.test", false, false);
        }
        List<UUID> walked = new ArrayList<>();
        CallListing page = calls.list(ties, CallFilter.NONE, null, null, 4);
        walked.addAll(page.calls().stream().map(StoredCall::id).toList());
        while (page.older().isPresent()) {
            page = calls.list(ties, CallFilter.NONE, page.older().get(), null, 4);
            walked.addAll(page.calls().stream().map(StoredCall::id).toList());
        }
        assertThat(walked).hasSize(9).doesNotHaveDuplicates();
    }

    @Test
    void aCursorTheServiceDidNotGiveOutIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> CallCursor.decode("after", "not-a-cursor"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after: 'not-a-cursor' is not a cursor");
        CallCursor cursor = new CallCursor(T0, UUID.randomUUID());
        assertThat(CallCursor.decode("after", cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void atOneHundredThousandCallsEveryFilterReadsItsFirstAndDeepPagesFromAnIndex() {
        CallCursor deep = jdbc.sql("SELECT started_at, id FROM calls WHERE organization_id = ? ORDER BY started_at DESC, id DESC OFFSET 90000 LIMIT 1")
                .param(large.value())
                .query((rs, row) -> new CallCursor(rs.getTimestamp(1).toInstant(), rs.getObject(2, UUID.class)))
                .single();
        Map<String, CallFilter> filters = new LinkedHashMap<>();
        filters.put("no filter", CallFilter.NONE);
        filters.put("platform", filter("fathom", null, null, null, null, null));
        filters.put("date range", filter(null, Instant.parse("2025-09-01T00:00:00Z"), Instant.parse("2025-10-01T00:00:00Z"), null, null, null));
        filters.put("has transcript", filter(null, null, null, null, true, null));
        filters.put("has no recording", filter(null, null, null, null, null, false));
        filters.put("has recording", filter(null, null, null, null, null, true));
        filters.put("participant (rare)", filter(null, null, null, "buyer4242@", null, null));
        filters.put("participant (common)", filter(null, null, null, "rep 7", null, null));
        filters.put("platform + transcript + participant", filter("gong", null, null, "seller", true, null));

        for (var entry : filters.entrySet()) {
            for (CallCursor after : new CallCursor[] {null, deep}) {
                CallStore.ListingQuery query = CallStore.listingQuery(large, entry.getValue(), after, null, 50);
                String plan = String.join("\n", jdbc.sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) " + query.sql())
                        .params(query.params()).query(String.class).list());
                System.out.println("=== " + entry.getKey() + (after == null ? ", first page" : ", page after call 90,000") + "\n" + plan);
                assertThat(plan).as(entry.getKey()).doesNotContain("Seq Scan").contains("Index");
                if (!entry.getKey().startsWith("participant") && !entry.getKey().contains("participant")) {
                    assertThat(plan).as(entry.getKey() + ": read in order from the index, no sort").doesNotContain("Sort");
                }
            }
        }
    }

    private List<String> titles(CallFilter filter) {
        return calls.list(small, filter, null, null, 100).calls().stream().map(StoredCall::title).toList();
    }

    private static CallFilter filter(String platform, Instant from, Instant to, String participant, Boolean transcript, Boolean recording) {
        return new CallFilter(platform, from, to, participant, transcript, recording, null, null);
    }

    private OrganizationId organization(String name) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, now())").params(id, name).update();
        return new OrganizationId(id);
    }

    private UUID connection(OrganizationId organization, String platform) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO connections (id, organization_id, platform, name, credentials_sealed, settings, status, created_at)
                VALUES (?, ?, ?, ?, ?, '{}'::jsonb, 'CONNECTED', now())""")
                .params(id, organization.value(), platform, platform, new byte[] {0})
                .update();
        return id;
    }

    private void call(OrganizationId organization, UUID connection, String platform, String title, Instant startedAt, String name,
                      String email, boolean transcript, boolean recording) {
        UUID id = UUID.randomUUID();
        byTitle.put(title, id);
        jdbc.sql("""
                INSERT INTO calls (id, organization_id, connection_id, platform, vendor_call_id, title, started_at, duration_ms, direction,
                    participants, transcript, recording_key, recording_media_type, recording_bytes, recording_sha256, raw_metadata,
                    content_hash, imported_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1000, 'INBOUND', jsonb_build_array(jsonb_build_object('name', ?::text, 'email', ?::text,
                    'affiliation', 'EXTERNAL')), ?::jsonb, ?, ?, ?, ?, '{}'::jsonb, 'h', now(), now())""")
                .params(id, organization.value(), connection, platform, id.toString(), title, startedAt.atOffset(ZoneOffset.UTC), name, email,
                        transcript ? "[{\"speakerId\":\"1\",\"startMillis\":0,\"endMillis\":500,\"text\":\"hi\"}]" : "[]",
                        recording ? "k/" + id : null, recording ? "audio/mpeg" : null, recording ? 10L : null, recording ? "sha" : null)
                .update();
    }
}
