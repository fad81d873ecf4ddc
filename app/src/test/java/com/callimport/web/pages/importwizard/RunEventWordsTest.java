package com.callimport.web.pages.importwizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.imports.ImportRuns;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunEventWordsTest {
    private static final Instant AT = Instant.parse("2026-03-02T14:05:00Z");

    private static ImportRuns.ImportEvent event(String kind, String message) {
        return new ImportRuns.ImportEvent(AT, kind, message);
    }

    @Test
    void aNewImportSaysHowManyCallsThePlatformHasWithoutItsWindowInstantsOrSlices() {
        String created = "import of 2026-10-30T17:25:43.759090Z to 2026-11-29T17:25:43.759090Z in 1 slices; the vendor reports 1247 calls";

        assertThat(RunEventWords.of(event("CREATED", created), "Gong")).hasValue("Import set up: Gong has 1,247 calls in these dates");
        assertThat(RunEventWords.of(event("CREATED", "import of 2026-10-30T00:00:00Z to 2026-11-29T00:00:00Z, planned once the vendor's count is in"),
                "Gong")).hasValue("Import set up");
    }

    @Test
    void aCountThatIsOnlyALowerBoundSaysAtLeast() {
        assertThat(RunEventWords.of(event("COUNTED", "the vendor reports at least 5000 calls in the window"), "Fathom"))
                .hasValue("Fathom has at least 5,000 calls in these dates");
    }

    @Test
    void howTheWindowWasCutIntoSlicesIsNotListed() {
        assertThat(RunEventWords.of(event("PLANNED", "planned in 12 slices from the vendor's count"), "Gong")).isEmpty();
    }

    @Test
    void paymentEventsSayWhatTheCustomerPaysNotMinorUnits() {
        assertThat(RunEventWords.of(event("PAID", "covered by the free allowance (40 free calls)"), "Gong"))
                .hasValue("Covered by your free allowance");
        assertThat(RunEventWords.of(event("PAID", "payment held: 30000 USD minor units for at most 3000 billable calls, captured for the calls that land"),
                "Gong")).hasValue("Payment authorized: you are charged only for the calls that arrive");
    }

    @Test
    void stateChangesReadAsTheCustomersWordsAndKeepTheirReason() {
        assertThat(RunEventWords.of(event("RUNNING", "run is running"), "Gong")).hasValue("Importing");
        assertThat(RunEventWords.of(event("SUCCEEDED", "import complete: 40 calls listed; 40 imported, 0 updated"), "Gong"))
                .hasValue("Import complete");
        assertThat(RunEventWords.of(event("PAUSED", "paused by the customer; resume to continue from the last stored page"), "Gong"))
                .hasValue("Paused by the customer; resume to continue from the last stored page");
    }
}
