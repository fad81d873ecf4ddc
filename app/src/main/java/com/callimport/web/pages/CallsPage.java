package com.callimport.web.pages;

import com.callimport.calls.CallCursor;
import com.callimport.calls.CallFilter;
import com.callimport.calls.CallListing;
import com.callimport.calls.CallStore;
import com.callimport.calls.StoredCall;
import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.Connector;
import com.callimport.connector.SourceParticipant;
import com.callimport.organizations.OrganizationId;
import com.callimport.web.RecordingDelivery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * "Your calls": the organization's calls, filtered and paged by cursor (any page as quick as the first), the
 * results swapped in by htmx while the filter form keeps what was typed; a call's page with its participants,
 * transcript and player; and the player's source, which answers byte ranges so that seeking works.
 */
@Controller
class CallsPage {
    static final int PAGE = 25;

    private final CallStore calls;
    private final KnownConnectors connectors;
    private final RecordingDelivery recordings;

    CallsPage(CallStore calls, KnownConnectors connectors, RecordingDelivery recordings) {
        this.calls = calls;
        this.connectors = connectors;
        this.recordings = recordings;
    }

    /** The filter form as typed; strings, so that a value that does not parse is shown back as it was. */
    public record Filters(String platform, String from, String to, String participant, String transcript, String recording,
                          String after, String before) {
        boolean any() {
            return !(blank(platform) && blank(from) && blank(to) && blank(participant) && blank(transcript) && blank(recording));
        }
    }

    /** A row of the list. */
    public record Row(UUID id, String title, Instant startedAt, String duration, String platform, String participants,
                      boolean transcript, String recording) {
    }

    @GetMapping("/calls")
    String list(OrganizationId organization, @ModelAttribute("filters") Filters filters,
                @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        CallFilter filter = filter(filters, errors);
        CallListing page = null;
        if (errors.isEmpty()) {
            try {
                page = calls.list(organization, filter, cursor(filters.after()), cursor(filters.before()), PAGE);
            } catch (IllegalArgumentException unusable) {
                errors.put("page", "That page link no longer works; start again from the newest calls.");
            }
        }
        List<Row> rows = page == null ? List.of() : page.calls().stream().map(this::row).toList();
        model.addAttribute("platforms", connectors.all().stream().collect(Collectors.toMap(
                connector -> connector.platform().value(), Connector::displayName, (a, b) -> a, LinkedHashMap::new)));
        model.addAttribute("errors", errors);
        model.addAttribute("rows", rows);
        model.addAttribute("filtered", filters.any());
        model.addAttribute("noCallsAtAll", rows.isEmpty() && !filters.any() && errors.isEmpty() && blank(filters.after())
                && blank(filters.before()));
        model.addAttribute("olderUrl", page == null ? null : page.older().map(cursor -> link(filters, "after", cursor)).orElse(null));
        model.addAttribute("newerUrl", page == null ? null : page.newer().map(cursor -> link(filters, "before", cursor)).orElse(null));
        return htmx != null ? "calls :: results" : "calls";
    }

    @GetMapping("/calls/{id}")
    String call(OrganizationId organization, @PathVariable UUID id, Model model) {
        StoredCall call = find(organization, id);
        Map<String, SourceParticipant> speakers = new LinkedHashMap<>();
        call.participants().stream().filter(person -> person.speakerId() != null).forEach(person -> speakers.putIfAbsent(person.speakerId(), person));
        model.addAttribute("call", call);
        model.addAttribute("platform", platform(call.platform()));
        model.addAttribute("duration", duration(call.durationMillis()));
        model.addAttribute("video", call.recording() != null && call.recording().mediaType() != null
                && call.recording().mediaType().startsWith("video/"));
        model.addAttribute("segments", call.transcript().stream().map(segment -> new Segment(
                speakers.containsKey(segment.speakerId()) ? name(speakers.get(segment.speakerId())) : "Speaker " + segment.speakerId(),
                clock(segment.startMillis()), segment.startMillis() / 1000.0, segment.text())).toList());
        return "call";
    }

    /** One stretch of the transcript as shown: who, when (m:ss from the start), what. */
    public record Segment(String speaker, String at, double seconds, String text) {
    }

    /** The player's source: the same range-answering delivery as the API, on the session instead of a token. */
    @GetMapping("/calls/{id}/recording")
    void recording(OrganizationId organization, @PathVariable UUID id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            recordings.send(find(organization, id), RecordingDelivery.Disposition.INLINE, request, response);
        } catch (RecordingDelivery.NoRecording none) {
            throw new PageErrors.PageNotFound("the recording of call " + id);
        }
    }

    private StoredCall find(OrganizationId organization, UUID id) {
        return calls.find(organization, id).orElseThrow(() -> new PageErrors.PageNotFound("call " + id));
    }

    private CallFilter filter(Filters filters, Map<String, String> errors) {
        String platform = blank(filters.platform()) ? null : filters.platform().strip();
        if (platform != null && connectors.find(platform).isEmpty()) {
            errors.put("platform", "Choose a platform from the list.");
        }
        Instant from = day(filters.from(), false, "from", errors);
        Instant to = day(filters.to(), true, "to", errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.put("to", "Choose a “to” date on or after the “from” date.");
        }
        String participant = blank(filters.participant()) ? null : filters.participant().strip();
        if (participant != null && participant.length() > CallFilter.PARTICIPANT_CHARACTERS) {
            errors.put("participant", "Search with at most " + CallFilter.PARTICIPANT_CHARACTERS + " characters of a name or email.");
        }
        Boolean transcript = yesNo(filters.transcript(), "transcript", errors);
        Boolean recording = yesNo(filters.recording(), "recording", errors);
        return errors.isEmpty() ? new CallFilter(platform, from, to, participant, transcript, recording, null, null) : null;
    }

    private static Instant day(String text, boolean endOfRange, String field, Map<String, String> errors) {
        if (blank(text)) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.strip());
            return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter a date like 2026-03-01.");
            return null;
        }
    }

    private static Boolean yesNo(String text, String field, Map<String, String> errors) {
        if (blank(text)) {
            return null;
        }
        return switch (text.strip()) {
            case "yes" -> true;
            case "no" -> false;
            default -> {
                errors.put(field, "Choose Any, With or Without.");
                yield null;
            }
        };
    }

    private static CallCursor cursor(String text) {
        return blank(text) ? null : CallCursor.decode("page", text);
    }

    private static String link(Filters filters, String direction, CallCursor cursor) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/calls");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("platform", filters.platform());
        values.put("from", filters.from());
        values.put("to", filters.to());
        values.put("participant", filters.participant());
        values.put("transcript", filters.transcript());
        values.put("recording", filters.recording());
        values.forEach((name, value) -> {
            if (!blank(value)) {
                link.queryParam(name, value);
            }
        });
        return link.queryParam(direction, cursor.encode()).encode().build().toUriString();
    }

    private Row row(StoredCall call) {
        String people = call.participants().stream().map(CallsPage::name).limit(3).collect(Collectors.joining(", "))
                + (call.participants().size() > 3 ? " and " + (call.participants().size() - 3) + " more" : "");
        String recording = switch (call.recordingStatus()) {
            case STORED -> "Yes";
            case MISSING -> "Missing";
            case NONE -> "No";
        };
        return new Row(call.id(), call.title() == null || call.title().isBlank() ? "Untitled call" : call.title(), call.startedAt(),
                duration(call.durationMillis()), platform(call.platform()), people, !call.transcript().isEmpty(), recording);
    }

    private String platform(String platform) {
        return connectors.find(platform).map(Connector::displayName).orElse(platform);
    }

    static String name(SourceParticipant person) {
        if (!blank(person.name())) {
            return person.name();
        }
        if (!blank(person.email())) {
            return person.email();
        }
        return blank(person.phone()) ? "Unknown participant" : person.phone();
    }

    static String duration(long millis) {
        Duration length = Duration.ofMillis(millis);
        return length.toHours() > 0 ? String.format("%d h %02d min", length.toHours(), length.toMinutesPart())
                : String.format("%d min %02d s", length.toMinutes(), length.toSecondsPart());
    }

    static String clock(long millis) {
        long seconds = millis / 1000;
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
