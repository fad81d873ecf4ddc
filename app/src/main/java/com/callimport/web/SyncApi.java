package com.callimport.web;

import com.callimport.connector.ConnectorException;
import com.callimport.organizations.OrganizationId;
import com.callimport.sync.SyncFrequency;
import com.callimport.sync.SyncSchedules;
import com.callimport.sync.SyncStatus;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A connection's ongoing sync: turn on, change, pause, resume, stop, run now, and its status. */
@RestController
@RequestMapping("/api/connections/{id}/sync")
class SyncApi {
    private final SyncSchedules schedules;
    private final ImportRunViews views;

    SyncApi(SyncSchedules schedules, ImportRunViews views) {
        this.schedules = schedules;
        this.views = views;
    }

    /** @param historyDays days of history imported once at set-up (e.g. 90), optional */
    record SyncSettings(String frequency, Integer historyDays) {
    }

    @PutMapping
    SyncStatus configure(OrganizationId organization, @PathVariable UUID id, @RequestBody SyncSettings settings)
            throws ConnectorException, InterruptedException {
        return schedules.configure(organization, id, SyncFrequency.parse(settings.frequency()), settings.historyDays());
    }

    @GetMapping
    SyncStatus status(OrganizationId organization, @PathVariable UUID id) {
        return schedules.status(organization, id);
    }

    @PostMapping("/pause")
    SyncStatus pause(OrganizationId organization, @PathVariable UUID id) throws InterruptedException {
        schedules.pause(organization, id, true);
        return schedules.status(organization, id);
    }

    @PostMapping("/resume")
    SyncStatus resume(OrganizationId organization, @PathVariable UUID id) throws InterruptedException {
        schedules.pause(organization, id, false);
        return schedules.status(organization, id);
    }

    /**
     * Starts a pass now; 409 when the sync is paused or the connection's previous run is still going, 422 with how to
     * reconnect when the vendor refuses the connection.
     */
    @PostMapping("/now")
    ResponseEntity<?> now(OrganizationId organization, @PathVariable UUID id) throws ConnectorException, InterruptedException {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.of(schedules.syncNow(organization, id)));
        } catch (SyncSchedules.PassNotStarted notStarted) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(org.springframework.http.ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT, notStarted.getMessage()));
        }
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void stop(OrganizationId organization, @PathVariable UUID id) throws InterruptedException {
        schedules.stop(organization, id);
    }
}
