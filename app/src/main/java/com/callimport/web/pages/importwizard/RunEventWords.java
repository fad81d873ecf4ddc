package com.callimport.web.pages.importwizard;

import com.callimport.imports.ImportRuns;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's event as its progress page lists it under "Latest". The event log is written for operators (windows as
 * instants, slices, minor units); a customer reads what happened to their import, and the engine's own bookkeeping
 * (how the window was cut) is left out.
 */
final class RunEventWords {
    private static final Pattern VENDOR_COUNT = Pattern.compile("the vendor reports (at least )?(\\d+) calls");

    private RunEventWords() {
    }

    /** @return the sentence, or empty for an event that says nothing to the customer */
    static Optional<String> of(ImportRuns.ImportEvent event, String platformName) {
        String message = event.message() == null ? "" : event.message();
        return switch (event.kind()) {
            case "PLANNED" -> Optional.empty();
            case "CREATED" -> Optional.of(vendorCount(message, platformName)
                    .map(count -> "Import set up: " + count).orElse("Import set up"));
            case "COUNTED" -> Optional.of(vendorCount(message, platformName)
                    .map(count -> Character.toUpperCase(count.charAt(0)) + count.substring(1)).orElse(ImportWizard.plain(message)));
            case "UNCOUNTED" -> Optional.of(platformName + " could not give a total for these dates, so progress shows the calls found so far");
            case "PAID" -> Optional.of(message.startsWith("covered by the free allowance")
                    ? "Covered by your free allowance"
                    : "Payment authorized: you are charged only for the calls that arrive");
            case "QUEUED" -> Optional.of("Waiting to start");
            case "RUNNING" -> Optional.of(message.equals("run is running") ? "Importing" : ImportWizard.plain(message));
            case "SUCCEEDED" -> Optional.of("Import complete");
            default -> Optional.of(ImportWizard.plain(message));
        };
    }

    /** "{platform} has 1,247 calls in these dates", from the engine's "the vendor reports 1247 calls". */
    private static Optional<String> vendorCount(String message, String platformName) {
        Matcher reported = VENDOR_COUNT.matcher(message);
        if (!reported.find()) {
            return Optional.empty();
        }
        long calls = Long.parseLong(reported.group(2));
        return Optional.of(platformName + " has " + (reported.group(1) == null ? "" : "at least ") + Formats.count(calls)
                + (calls == 1 ? " call" : " calls") + " in these dates");
    }
}
