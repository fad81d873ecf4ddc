package com.callimport.web;

import com.callimport.calls.CallCursor;
import com.callimport.calls.CallFilter;
import com.callimport.calls.CallListing;
import com.callimport.calls.CallStore;
import com.callimport.sameconversation.SameConversationLinks;
import com.callimport.calls.StoredCall;
import com.callimport.catalog.KnownConnectors;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Imported calls and their recordings, scoped to the caller's organization. The list pages by cursor: each page
 * names the next in {@code X-Next-Cursor} and a {@code Link: rel="next"} header, and any page is as quick as the
 * first; {@code offset} still works, for clients written before the cursor.
 */
@RestController
@RequestMapping("/api/calls")
class CallsApi {
    private static final int MAX_PAGE = 500;

    private final CallStore calls;
    private final ImportRuns runs;
    private final KnownConnectors connectors;
    private final RecordingDelivery recordings;
    private final SameConversationLinks sameConversation;

    CallsApi(CallStore calls, ImportRuns runs, KnownConnectors connectors, RecordingDelivery recordings,
             SameConversationLinks sameConversation) {
        this.sameConversation = sameConversation;
        this.calls = calls;
        this.runs = runs;
        this.connectors = connectors;
        this.recordings = recordings;
    }

    @GetMapping
    ResponseEntity<List<StoredCall>> list(OrganizationId organization, @RequestParam Optional<UUID> connectionId,
                                          @RequestParam Optional<UUID> runId, @RequestParam Optional<String> platform,
                                          @RequestParam Optional<String> from, @RequestParam Optional<String> to,
                                          @RequestParam Optional<String> participant, @RequestParam Optional<Boolean> hasTranscript,
                                          @RequestParam Optional<Boolean> hasRecording, @RequestParam Optional<String> after,
                                          @RequestParam Optional<String> cursor, @RequestParam Optional<String> before,
                                          @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit: ask for 1 to " + MAX_PAGE + " calls per page, not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be 0 or more, not " + offset);
        }
        if (after.isPresent() && cursor.isPresent() && !after.equals(cursor)) {
            throw new IllegalArgumentException("after, cursor: the two names mean the same; send one of them");
        }
        Optional<String> afterText = after.or(() -> cursor);
        if (offset > 0 && (afterText.isPresent() || before.isPresent())) {
            throw new IllegalArgumentException("offset: page by cursor or by offset, not both; leave offset out when you send a cursor");
        }
        runId.ifPresent(run -> runs.get(organization, run));
        platform.filter(name -> !name.isBlank()).ifPresent(name -> {
            if (connectors.find(name).isEmpty()) {
                throw new IllegalArgumentException("platform: '" + name + "' is not a platform calls come from; use one of "
                        + String.join(", ", connectors.platforms()));
            }
        });
        CallFilter filter = new CallFilter(platform.orElse(null), from.map(text -> instant("from", text, false)).orElse(null),
                to.map(text -> instant("to", text, true)).orElse(null), participant.orElse(null), hasTranscript.orElse(null),
                hasRecording.orElse(null), connectionId.orElse(null), runId.orElse(null));
        CallListing page = offset > 0 ? calls.listAt(organization, filter, offset, limit)
                : calls.list(organization, filter, afterText.map(text -> CallCursor.decode(after.isPresent() ? "after" : "cursor", text)).orElse(null),
                        before.map(text -> CallCursor.decode("before", text)).orElse(null), limit);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        page.older().ifPresent(next -> answer.header("X-Next-Cursor", next.encode())
                .header(HttpHeaders.LINK, "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset")
                        .replaceQueryParam("cursor").replaceQueryParam("before").replaceQueryParam("after", next.encode())
                        .build().toUriString() + ">; rel=\"next\""));
        page.newer().ifPresent(previous -> answer.header("X-Previous-Cursor", previous.encode()));
        return answer.body(page.calls());
    }

    /**
     * An ISO-8601 instant, or a date (UTC): a "from" date starts at its midnight, a "to" date includes its whole day.
     */
    static Instant instant(String parameter, String text, boolean endOfRange) {
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + ": '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                    + "' is not a date; send a day like 2026-03-01 or an instant like " + ValueKinds.EXAMPLE_INSTANT);
        }
    }

    @GetMapping("/{id}")
    StoredCall get(OrganizationId organization, @PathVariable UUID id) {
        return calls.find(organization, id).orElseThrow(() -> new ApiErrors.NotFound("no call " + id + " in this organization"));
    }

    /**
     * The calls of other sources recognised as the same conversation as this one, with the evidence; undone links too,
     * with when they were undone. The primary is the call the product heard of; the linked one was not announced.
     */
    @GetMapping("/{id}/same-conversation")
    List<SameConversationLinks.Link> sameConversation(OrganizationId organization, @PathVariable UUID id) {
        get(organization, id);
        return sameConversation.of(organization, id);
    }

    /**
     * Separates the two calls of a link for good: the linked call is announced (call.imported) as a conversation of its own,
     * and the pair is never linked again. Undoing an undone link changes nothing.
     */
    @PostMapping("/{id}/same-conversation/{linkId}/undo")
    SameConversationLinks.Link undoSameConversation(OrganizationId organization, @PathVariable UUID id, @PathVariable UUID linkId) {
        get(organization, id);
        if (sameConversation.of(organization, id).stream().noneMatch(link -> link.id().equals(linkId))) {
            throw new ApiErrors.NotFound("call " + id + " has no same-conversation link " + linkId + "; list its links at /api/calls/"
                    + id + "/same-conversation");
        }
        return sameConversation.undo(organization, linkId).link();
    }

    /**
     * Streams the stored recording, or the byte range asked for (206), so that a player can seek; a whole
     * recording carries its SHA-256 in a header so the client can check what it got.
     */
    @GetMapping("/{id}/recording")
    void recording(OrganizationId organization, @PathVariable UUID id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        recordings.send(get(organization, id), RecordingDelivery.Disposition.ATTACHMENT, request, response);
    }
}
