package com.callimport.web;

import com.callimport.calls.CallStore;
import com.callimport.calls.StoredCall;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.recordings.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Imported calls and their recordings, scoped to the caller's organization. */
@RestController
@RequestMapping("/api/calls")
class CallsApi {
    private static final int MAX_PAGE = 500;

    private final CallStore calls;
    private final ImportRuns runs;
    private final BlobStore blobs;

    CallsApi(CallStore calls, ImportRuns runs, BlobStore blobs) {
        this.calls = calls;
        this.runs = runs;
        this.blobs = blobs;
    }

    @GetMapping
    List<StoredCall> list(OrganizationId organization, @RequestParam Optional<UUID> connectionId, @RequestParam Optional<UUID> runId,
                          @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit: ask for 1 to " + MAX_PAGE + " calls per page, not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be 0 or more, not " + offset);
        }
        if (runId.isPresent()) {
            runs.get(organization, runId.get());
            return calls.byRun(organization, runId.get(), limit, offset);
        }
        if (connectionId.isPresent()) {
            return calls.byConnection(organization, connectionId.get(), limit, offset);
        }
        throw new IllegalArgumentException("connectionId or runId: say whose calls to list");
    }

    @GetMapping("/{id}")
    StoredCall get(OrganizationId organization, @PathVariable UUID id) {
        return calls.find(organization, id).orElseThrow(() -> new ApiErrors.NotFound("no call " + id + " in this organization"));
    }

    /** Streams the stored recording; its SHA-256 travels in a header so the client can check what it got. */
    @GetMapping("/{id}/recording")
    ResponseEntity<InputStreamResource> recording(OrganizationId organization, @PathVariable UUID id) throws IOException {
        StoredCall call = get(organization, id);
        if (call.recording() == null) {
            throw new ApiErrors.NotFound("call " + id + " has no recording");
        }
        InputStream content = blobs.read(call.recording().blobKey())
                .orElseThrow(() -> new ApiErrors.NotFound("the recording of call " + id + " is missing from the blob store"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(call.recording().mediaType()))
                .contentLength(call.recording().bytes())
                .header("X-Content-SHA256", call.recording().sha256())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"call-" + id + "\"")
                .body(new InputStreamResource(content));
    }
}
