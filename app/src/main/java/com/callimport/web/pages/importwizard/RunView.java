package com.callimport.web.pages.importwizard;

import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.progress.RunProgress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run as its progress page writes it, built from one progress snapshot: rendered for the first page and again for
 * every update its event stream sends, so both look the same.
 *
 * @param manages whether the viewer may pause, resume or cancel (owners and admins); members only watch
 */
record RunView(UUID runId, UUID connectionId, String platformName, ImportRunState state, String stateLabel, String reason,
               Double percent, String percentText, String listed, String expected, String imported, String updated, String unchanged,
               String skipped, String failed, String eta, String timeline, List<EventView> events, List<ReasonView> skippedReasons,
               List<ReasonView> failedReasons, boolean credentialsRefused, String updateLabel, boolean manages, boolean live, String csrfName, String csrfToken) {

    record EventView(String at, String message) {
    }

    record ReasonView(String reason, String calls) {
    }

    /**
     * What the outcome shows beyond the snapshot, read only when the outcome is drawn (a state change), not on every update.
     *
     * @param credentialsRefused whether the vendor refused the connection's credentials last (the remediation is new ones)
     * @param updateLabel        what to update, e.g. "Update the access key"
     */
    record OutcomeDetails(boolean credentialsRefused, String updateLabel, List<ImportRuns.Exclusion> exclusions) {
        static final OutcomeDetails NONE = new OutcomeDetails(false, "", List.of());
    }

    static RunView of(RunProgress progress, String platformName, OutcomeDetails details, boolean manages, Instant now,
                      String csrfName, String csrfToken) {
        List<ImportRuns.Exclusion> exclusions = details.exclusions();
        var counts = progress.counts();
        String expected = progress.expectedCalls().isPresent()
                ? (progress.expectedCallsExact() ? "" : "at least ") + Formats.count(progress.expectedCalls().getAsLong()) : null;
        Double percent = progress.percentDone().orElse(null);
        return new RunView(progress.runId(), progress.connectionId(), platformName, progress.state(), label(progress.state()),
                progress.stateReason() == null ? null : ImportWizard.plain(progress.stateReason()), percent, percent == null ? null : String.format(java.util.Locale.US, "%.0f%%", Math.floor(percent)),
                Formats.count(counts.listed()), expected, Formats.count(counts.imported()), Formats.count(counts.updated()),
                Formats.count(counts.unchanged()), Formats.count(counts.skipped()), Formats.count(counts.failed()),
                progress.estimatedFinish().map(finish -> Formats.fromNow(finish, now) + " (" + Formats.when(finish) + ")").orElse(null),
                progress.timeline().orElse(null),
                progress.recentEvents().stream().flatMap(event -> RunEventWords.of(event, platformName).stream()
                        .map(words -> new EventView(Formats.when(event.at()), words))).toList(),
                reasons(exclusions, "SKIPPED"), reasons(exclusions, "FAILED"),
                details.credentialsRefused(), details.updateLabel(), manages, !progress.ended(), csrfName, csrfToken);
    }

    /** The page's heading for the state. */
    static String label(ImportRunState state) {
        return switch (state) {
            case QUEUED -> "Getting ready";
            case RUNNING -> "Importing";
            case PAUSED -> "Paused";
            case SUCCEEDED -> "Import complete!";
            case FAILED -> "The import stopped";
            case CANCELLED -> "Import cancelled";
        };
    }

    public boolean running() {
        return state == ImportRunState.RUNNING || state == ImportRunState.QUEUED;
    }

    public boolean canPause() {
        return manages && state == ImportRunState.RUNNING;
    }

    public boolean canResume() {
        return manages && (state == ImportRunState.PAUSED || state == ImportRunState.FAILED);
    }

    public boolean canCancel() {
        return manages && !state.isFinal();
    }

    public boolean succeeded() {
        return state == ImportRunState.SUCCEEDED;
    }

    public boolean stopped() {
        return state == ImportRunState.PAUSED || state == ImportRunState.FAILED;
    }

    private static List<ReasonView> reasons(List<ImportRuns.Exclusion> exclusions, String kind) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        exclusions.stream().filter(exclusion -> exclusion.kind().equalsIgnoreCase(kind))
                .forEach(exclusion -> byReason.merge(exclusion.reason(), 1L, Long::sum));
        return byReason.entrySet().stream().map(entry -> new ReasonView(entry.getKey(), Formats.count(entry.getValue()))).toList();
    }
}
