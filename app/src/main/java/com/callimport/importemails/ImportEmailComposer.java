package com.callimport.importemails;

import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns.ExclusionCount;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes the email for a run's outcome: the subject, and the same body as plain text and HTML — the exact counts,
 * the reasons calls were skipped or failed (summarised by reason), what the customer can do, and the link to the
 * run's page. Pure: everything it says comes from its arguments.
 */
final class ImportEmailComposer {
    // an email is read on a phone: the most frequent reasons, the rest counted
    static final int REASONS_SHOWN = 5;

    private ImportEmailComposer() {
    }

    /**
     * @param platform the platform's name as customers know it
     * @param link     the run's page, {@code <public url>/imports/<run id>}
     */
    static ImportEmail compose(ImportRun run, String platform, List<ExclusionCount> exclusions, URI link) {
        ImportRun.Counts counts = run.counts();
        long ready = counts.imported() + counts.updated() + counts.unchanged();
        String subject = switch (run.state()) {
            case SUCCEEDED -> "Import complete: " + number(ready) + (ready == 1 ? " call" : " calls") + " from " + platform + " ready";
            case FAILED -> "Your import from " + platform + " failed: what to do";
            case PAUSED -> "Your import from " + platform + " is paused until you act";
            case QUEUED, RUNNING, CANCELLED -> throw new IllegalArgumentException("run " + run.id() + " is " + run.state()
                    + "; only a completed, failed or paused run has an email");
        };
        List<String[]> lines = new ArrayList<>(); // [label, value]
        lines.add(new String[] {"Imported", number(counts.imported())});
        lines.add(new String[] {"Updated", number(counts.updated())});
        lines.add(new String[] {"Unchanged", number(counts.unchanged())});
        lines.add(new String[] {"Skipped", number(counts.skipped())});
        lines.add(new String[] {"Failed", number(counts.failed())});
        List<ExclusionCount> skipped = exclusions.stream().filter(reason -> reason.kind().equals("SKIPPED")).toList();
        List<ExclusionCount> failed = exclusions.stream().filter(reason -> reason.kind().equals("FAILED")).toList();

        String opening = switch (run.state()) {
            case SUCCEEDED -> "Your import from " + platform + " is complete: " + number(ready) + (ready == 1 ? " call is" : " calls are")
                    + " ready to view.";
            case FAILED -> "Your import from " + platform + " stopped with a failure. Calls imported so far are kept.";
            default -> "Your import from " + platform + " is paused and waits for you. Calls imported so far are kept.";
        };
        List<String> todo = new ArrayList<>();
        if (run.state() != ImportRunState.SUCCEEDED && run.stateReason() != null) {
            todo.add(sentence(run.stateReason()));
        }
        if (run.state() != ImportRunState.SUCCEEDED) {
            todo.add("Resuming continues from the last stored page: nothing already imported is lost or doubled.");
        }
        if (counts.failed() > 0) {
            todo.add("To try the failed calls again, import the same dates again; calls already here are not doubled.");
        }
        String window = run.window().from() + " to " + run.window().to();

        StringBuilder text = new StringBuilder(opening).append("\n\n").append("Calls from ").append(window).append(":\n");
        lines.forEach(line -> text.append("  ").append(line[0]).append(": ").append(line[1]).append('\n'));
        appendReasons(text, "Skipped", skipped, counts.skipped());
        appendReasons(text, "Failed", failed, counts.failed());
        if (!todo.isEmpty()) {
            text.append("\nWhat to do:\n");
            todo.forEach(step -> text.append("  - ").append(step).append('\n'));
        }
        text.append("\nSee the import: ").append(link).append('\n');

        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject)).append("</title></head><body style=\"font-family:sans-serif;line-height:1.5\">")
                .append("<p>").append(escape(opening)).append("</p>")
                .append("<table role=\"presentation\" style=\"border-collapse:collapse\"><caption style=\"text-align:left\">Calls from ")
                .append(escape(window)).append("</caption>");
        lines.forEach(line -> html.append("<tr><th scope=\"row\" style=\"text-align:left;padding-right:1em\">").append(line[0])
                .append("</th><td style=\"text-align:right\">").append(line[1]).append("</td></tr>"));
        html.append("</table>");
        appendReasons(html, "Skipped", skipped, counts.skipped());
        appendReasons(html, "Failed", failed, counts.failed());
        if (!todo.isEmpty()) {
            html.append("<h2 style=\"font-size:1em\">What to do</h2><ul>");
            todo.forEach(step -> html.append("<li>").append(escape(step)).append("</li>"));
            html.append("</ul>");
        }
        html.append("<p><a href=\"").append(escape(link.toString())).append("\">")
                .append(run.state() == ImportRunState.SUCCEEDED ? "See the import and your calls" : "Open the import")
                .append("</a></p></body></html>");
        return new ImportEmail(subject, text.toString(), html.toString(), link.toString());
    }

    private static void appendReasons(StringBuilder text, String kind, List<ExclusionCount> reasons, long total) {
        if (reasons.isEmpty()) {
            return;
        }
        boolean html = text.charAt(0) == '<';
        text.append(html ? "<h2 style=\"font-size:1em\">" + kind + ", by reason</h2><ul>" : "\n" + kind + ", by reason:\n");
        long shown = 0;
        for (ExclusionCount reason : reasons.subList(0, Math.min(REASONS_SHOWN, reasons.size()))) {
            String line = number(reason.calls()) + " × " + reason.reason();
            text.append(html ? "<li>" + escape(line) + "</li>" : "  - " + line + "\n");
            shown += reason.calls();
        }
        if (total > shown) {
            String rest = number(total - shown) + " more for other reasons (all listed on the import's page)";
            text.append(html ? "<li>" + escape(rest) + "</li>" : "  - " + rest + "\n");
        }
        if (html) {
            text.append("</ul>");
        }
    }

    private static String sentence(String reason) {
        String trimmed = reason.strip();
        String capital = trimmed.isEmpty() ? trimmed : Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }

    private static String number(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
