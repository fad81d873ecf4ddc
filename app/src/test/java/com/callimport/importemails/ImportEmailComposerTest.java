package com.callimport.importemails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns.ExclusionCount;
import com.callimport.organizations.OrganizationId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportEmailComposerTest {
    private static final URI LINK = URI.create("https://calls.example.com/imports/run-1");

    @Test
    void aFailureEmailSummarisesReasonsByFrequencyAndSaysWhatToDo() {
        List<ExclusionCount> reasons = List.of(
                new ExclusionCount("FAILED", "the vendor's media host refused the download", 1_200),
                new ExclusionCount("FAILED", "unreadable <transcript> & metadata", 3),
                new ExclusionCount("SKIPPED", "private call", 40));
        ImportRun run = run(ImportRunState.FAILED, "failed: the vendor answered something the connector cannot read (bad JSON)",
                new ImportRun.Counts(2_443, 1_000, 100, 100, 40, 1_203));

        ImportEmail email = ImportEmailComposer.compose(run, "Acme Calls", reasons, LINK);

        assertThat(email.subject()).isEqualTo("Your import from Acme Calls failed: what to do");
        assertThat(email.text()).contains("Imported: 1,000").contains("Updated: 100").contains("Unchanged: 100")
                .contains("Skipped: 40").contains("Failed: 1,203")
                .contains("1,200 × the vendor's media host refused the download").contains("40 × private call")
                .contains("Failed: the vendor answered something the connector cannot read (bad JSON).")
                .contains("import the same dates again").contains(LINK.toString());
        assertThat(email.html()).as("vendor text is escaped").contains("unreadable &lt;transcript&gt; &amp; metadata")
                .doesNotContain("<transcript>").contains("<a href=\"" + LINK + "\"");
    }

    @Test
    void beyondTheMostFrequentReasonsTheRestAreCountedNotListed() {
        List<ExclusionCount> reasons = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new ExclusionCount("SKIPPED", "reason " + i, 10)).toList();
        ImportEmail email = ImportEmailComposer.compose(run(ImportRunState.SUCCEEDED, "import complete",
                new ImportRun.Counts(100, 20, 0, 0, 80, 0)), "Acme Calls", reasons, LINK);

        assertThat(email.subject()).isEqualTo("Import complete: 20 calls from Acme Calls ready");
        assertThat(email.text()).contains("reason 4").doesNotContain("reason 5").contains("30 more for other reasons")
                .doesNotContain("What to do");
    }

    @Test
    void onlyACompletedFailedOrPausedRunHasAnEmail() {
        assertThatThrownBy(() -> ImportEmailComposer.compose(run(ImportRunState.RUNNING, null, ImportRun.Counts.NONE), "Acme Calls",
                List.of(), LINK)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is RUNNING");
    }

    private static ImportRun run(ImportRunState state, String reason, ImportRun.Counts counts) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new ImportRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), UUID.randomUUID(), ImportRun.Kind.BACKFILL,
                new DateWindow(start, start.plusSeconds(86_400)), state, reason, OptionalLong.of(counts.listed()), true,
                OptionalLong.empty(), counts, 0, 0, start, start, null, 0, start.plusSeconds(60));
    }
}
