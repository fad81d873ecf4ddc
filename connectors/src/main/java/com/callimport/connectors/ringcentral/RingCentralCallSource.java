package com.callimport.connectors.ringcentral;

import com.callimport.connector.AccessCheck;
import com.callimport.connector.CallCount;
import com.callimport.connector.CallPage;
import com.callimport.connector.CallSource;
import com.callimport.connector.Checkpoint;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.DateWindow;
import com.callimport.connector.RecordingContent;
import com.callimport.connector.SourceCall;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One connection's RingCentral calls: a page is one request for a numbered page of the company call log.
 * Holds no state between requests: a recording is found again from the call's own raw metadata, so
 * {@link #openRecording} is safe from several threads at once and works for a call listed by another source.
 */
final class RingCentralCallSource implements CallSource {
    private static final int MAX_COUNTED_PAGES = 100_000;

    private final RingCentralClient client;
    private final RingCentralCallMapper mapper;
    private final JsonMapper json;

    RingCentralCallSource(RingCentralClient client, RingCentralCallMapper mapper, JsonMapper json) {
        this.client = client;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public AccessCheck verifyAccess() throws ConnectorException, InterruptedException {
        JsonNode extension = client.currentExtension();
        String accountId = RingCentralCallMapper.text(extension.path("account"), "id");
        String name = RingCentralCallMapper.text(extension, "name");
        String number = RingCentralCallMapper.text(extension, "extensionNumber");
        List<String> limits = new ArrayList<>();
        if (!extension.path("permissions").path("admin").path("enabled").asBoolean(true)) {
            limits.add("The RingCentral user who connected is not an administrator: unless their role includes 'Company Call Log', "
                    + "RingCentral will refuse the company call log; reconnect as an administrator if the import is refused.");
        }
        limits.add("RingCentral keeps automatic and on-demand call recordings 90 days (at most 100,000 automatic recordings per "
                + "account) and the call log 12 months: older calls come without recordings, or not at all.");
        limits.add("RingCentral has no transcripts in its call log: calls come with metadata, participants and recordings only.");
        limits.add("RingCentral allows 10 call-log or recording requests a minute for the user who connected (its 'Heavy' group), "
                + "shared with other apps that user authorized: about 600 recordings an hour.");
        String account = "RingCentral account " + (accountId == null ? "(unknown id)" : accountId)
                + (name == null ? "" : ", connected by " + name + (number == null ? "" : " (ext. " + number + ")"))
                + " at " + client.platformBase();
        return new AccessCheck(account, limits);
    }

    @Override
    public CallCount countCalls(DateWindow window) throws ConnectorException, InterruptedException {
        // RingCentral's call log reports no reliable total (paging.totalElements is optional): count the pages
        RingCentralCheckpoint position = RingCentralCheckpoint.start();
        long calls = 0;
        for (int pages = 0; pages < MAX_COUNTED_PAGES; pages++) {
            JsonNode body = client.callLogPage(window, position);
            for (JsonNode record : body.path("records")) {
                if (inWindow(record, window)) {
                    calls++;
                }
            }
            Optional<RingCentralCheckpoint> next = next(body, position);
            if (next.isEmpty()) {
                return new CallCount(calls, true);
            }
            position = next.get();
        }
        return new CallCount(calls, false);
    }

    @Override
    public CallPage fetchPage(DateWindow window, Checkpoint position) throws ConnectorException, InterruptedException {
        RingCentralCheckpoint at = RingCentralCheckpoint.read(position);
        JsonNode body = client.callLogPage(window, at);
        List<SourceCall> calls = new ArrayList<>();
        List<CallPage.FailedCall> failed = new ArrayList<>();
        for (JsonNode record : body.path("records")) {
            String id = RingCentralCallMapper.id(record);
            try {
                if (!inWindow(record, window)) {
                    continue;
                }
                calls.add(mapper.map(record));
            } catch (IllegalArgumentException | DateTimeParseException unreadable) {
                failed.add(new CallPage.FailedCall(id == null || id.isBlank() ? "(no id)" : id,
                        "RingCentral's call log record could not be read: " + unreadable.getMessage()));
            }
        }
        return new CallPage(calls, List.of(), failed, next(body, at).map(RingCentralCheckpoint::write));
    }

    @Override
    public RecordingContent openRecording(SourceCall call) throws ConnectorException, InterruptedException {
        JsonNode record;
        try {
            record = json.readTree(call.rawMetadataJson());
        } catch (JacksonException unreadable) {
            throw new ConnectorException.UnexpectedResponse("call " + call.vendorCallId()
                    + " carries no RingCentral call log record to find its recording in", unreadable);
        }
        String recordingId = RingCentralCallMapper.recordingId(record).orElseThrow(() -> new ConnectorException.UnexpectedResponse(
                "RingCentral listed no recording for call " + call.vendorCallId(), null));
        return client.recordingContent(recordingId);
    }

    /**
     * The page after this one when RingCentral links one ({@code navigation.nextPage}), at the page size it
     * actually served; empty on the last page, and on an empty page so that a lying link cannot loop.
     */
    private static Optional<RingCentralCheckpoint> next(JsonNode body, RingCentralCheckpoint at) {
        boolean linked = body.path("navigation").path("nextPage").isObject();
        if (!linked || body.path("records").isEmpty()) {
            return Optional.empty();
        }
        int served = body.path("paging").path("perPage").asInt(at.perPage());
        return Optional.of(at.following(served < 1 || served > RingCentralClient.MAX_PAGE_SIZE ? at.perPage() : served));
    }

    // RingCentral's dateTo is not documented as exclusive: a call at the window's end belongs to the next window
    private static boolean inWindow(JsonNode record, DateWindow window) {
        try {
            Instant started = RingCentralCallMapper.startTime(record);
            return started == null || window.contains(started);
        } catch (DateTimeParseException unreadable) {
            // kept, so that the page reports it as failed and the count includes it
            return true;
        }
    }
}
