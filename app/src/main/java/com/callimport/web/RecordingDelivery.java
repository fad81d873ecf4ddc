package com.callimport.web;

import com.callimport.calls.StoredCall;
import com.callimport.recordings.BlobStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends a stored recording whole or, for a single byte range (RFC 9110 §14), only that part, read from the blob
 * store at its offset, so that a browser's player can seek in a long call without the service reading what lies
 * before. Memory stays at one copy buffer whatever the recording's length. Shared by the API (bearer tokens) and
 * the pages (the session); each caller has checked that the call belongs to the organization.
 *
 * <p>A Range the service cannot honour as one range (several ranges, or not a byte range) is ignored and the whole
 * recording sent, as RFC 9110 allows; a range that starts past the end is answered 416 with the length.
 */
@Component
public class RecordingDelivery {
    // bytes=first-last, bytes=first-, bytes=-suffixLength
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private final BlobStore blobs;

    RecordingDelivery(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The call has no recording to send (none at the vendor, not fetched yet, or gone from the store): a 404. */
    public static final class NoRecording extends RuntimeException {
        NoRecording(String why) {
            super(why);
        }
    }

    /** How the browser should treat the file: played in the page, or saved. */
    public enum Disposition { INLINE, ATTACHMENT }

    /** A recording's bytes, [first, last] inclusive, of {@code total}. */
    record ByteRange(long first, long last, long total) {
        long length() {
            return last - first + 1;
        }
    }

    /** What a Range header asks of a recording of {@code total} bytes. */
    sealed interface Requested {
        record Whole() implements Requested { }
        record Part(ByteRange range) implements Requested { }
        record Unsatisfiable() implements Requested { }
    }

    static Requested requested(String rangeHeader, long total) {
        if (rangeHeader == null) {
            return new Requested.Whole();
        }
        Matcher single = SINGLE_RANGE.matcher(rangeHeader.strip());
        if (!single.matches() || (single.group(1).isEmpty() && single.group(2).isEmpty())) {
            return new Requested.Whole();
        }
        if (single.group(1).isEmpty()) {
            long suffix = Long.parseLong(single.group(2));
            if (suffix == 0 || total == 0) {
                return new Requested.Unsatisfiable();
            }
            return new Requested.Part(new ByteRange(Math.max(0, total - suffix), total - 1, total));
        }
        long first = Long.parseLong(single.group(1));
        if (!single.group(2).isEmpty() && Long.parseLong(single.group(2)) < first) {
            return new Requested.Whole(); // an invalid range is ignored, not refused
        }
        if (first >= total) {
            return new Requested.Unsatisfiable();
        }
        long last = single.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(single.group(2)), total - 1);
        return new Requested.Part(new ByteRange(first, last, total));
    }

    /** Answers the request with the call's recording, or the part of it the request's Range asks for. */
    public void send(StoredCall call, Disposition disposition, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        StoredCall.Recording recording = call.recording();
        if (recording == null) {
            throw new NoRecording("call " + call.id() + " has no recording"
                    + (call.recordingReason() == null ? "" : ": " + call.recordingReason()));
        }
        String etag = "\"" + recording.sha256() + "\"";
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        // a client holding an older copy (another ETag) gets the whole current recording, not a mixed one
        Requested requested = ifRange != null && !ifRange.strip().equals(etag)
                ? new Requested.Whole() : requested(request.getHeader(HttpHeaders.RANGE), recording.bytes());
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, etag);
        switch (requested) {
            case Requested.Unsatisfiable unsatisfiable -> {
                response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + recording.bytes());
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"status\":416,\"title\":\"Range Not Satisfiable\",\"detail\":\"the recording of call "
                        + call.id() + " has " + recording.bytes() + " bytes; ask for a range that starts before byte "
                        + recording.bytes() + "\"}");
            }
            case Requested.Whole whole -> {
                InputStream content = open(call.id(), blobs.read(recording.blobKey()));
                headers(response, call.id(), recording, disposition, recording.bytes());
                response.setHeader("X-Content-SHA256", recording.sha256());
                copy(content, response);
            }
            case Requested.Part part -> {
                ByteRange range = part.range();
                InputStream content = open(call.id(), blobs.read(recording.blobKey(), range.first(), range.length()));
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                headers(response, call.id(), recording, disposition, range.length());
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + range.total());
                copy(content, response);
            }
        }
    }

    private static InputStream open(UUID callId, Optional<InputStream> content) {
        return content.orElseThrow(() -> new NoRecording("the recording of call " + callId + " is missing from the blob store"));
    }

    private static void headers(HttpServletResponse response, UUID callId, StoredCall.Recording recording, Disposition disposition,
                                long length) {
        response.setContentType(recording.mediaType());
        response.setContentLengthLong(length);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                (disposition == Disposition.INLINE ? "inline" : "attachment") + "; filename=\"call-" + callId + "\"");
    }

    private static void copy(InputStream content, HttpServletResponse response) throws IOException {
        try (InputStream in = content) {
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
            out.flush();
        } catch (IOException clientGone) {
            // a player that seeks closes the connection of its previous range mid-way; that is not a fault
            if (!response.isCommitted()) {
                throw clientGone;
            }
        }
    }
}
