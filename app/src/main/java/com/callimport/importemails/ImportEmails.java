package com.callimport.importemails;

import com.callimport.connections.OpenSources;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunOutcome;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Person;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the person who started a run how it went, once per outcome ({@link ImportRunOutcome}).
 *
 * <p>The outcome of a run someone started in the web app is written to {@code import_emails} in the transaction that
 * moved the run, keyed by the run's event, so it exists exactly when the move committed; after the commit a JobRunr
 * job sends it, on whichever instance is free. The job claims the row (PENDING → SENDING) before composing, so two instances or a repeated
 * job never send one outcome twice; a delivery that fails before the hand-over puts it back to PENDING for
 * JobRunr's retry, and a recurring sweep sends any left PENDING by a crash between commit and queueing. Once handed
 * over, an email is never sent again (at most once after the hand-over, ADR 0015).
 *
 * <p>Public for JobRunr, which calls {@link #send(long)} and {@link #sendWaiting()}.
 */
@Component
public class ImportEmails {
    private static final Logger log = LoggerFactory.getLogger(ImportEmails.class);
    static final Duration SWEEP_AFTER = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final ImportRuns runs;
    private final People people;
    private final OpenSources sources;
    private final ImportEmailDelivery delivery;
    private final JobScheduler jobs;
    private final ImportEmails self;
    private final Clock clock;
    private final URI publicUrl;

    ImportEmails(JdbcClient jdbc, ImportRuns runs, People people, OpenSources sources, ImportEmailDelivery delivery, JobScheduler jobs,
                 @Lazy ImportEmails self, Clock clock, @Value("${callimport.web.public-url:}") String publicUrl) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.people = people;
        this.sources = sources;
        this.delivery = delivery;
        this.jobs = jobs;
        this.self = self;
        this.clock = clock;
        this.publicUrl = URI.create(publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip().replaceAll("/+$", ""));
    }

    /**
     * Records the outcome inside the run's transaction, so that it is to be emailed exactly when the move commits, and
     * queues its job once the transaction has committed (at once when none is open). A run nobody started in the web
     * app (an API token, a sync schedule) has nobody to tell and leaves no row.
     */
    @EventListener
    void record(ImportRunOutcome outcome) {
        int recorded = jdbc.sql("""
                INSERT INTO import_emails (event_id, run_id, organization_id, outcome, state, created_at)
                SELECT ?, id, organization_id, ?, 'PENDING', ? FROM import_runs
                WHERE id = ? AND organization_id = ? AND started_by_user_id IS NOT NULL
                ON CONFLICT (event_id) DO NOTHING""")
                .params(outcome.eventId(), outcome.state().name(), outcome.at().atOffset(ZoneOffset.UTC), outcome.runId(),
                        outcome.organization().value())
                .update();
        if (recorded == 0) {
            return;
        }
        long event = outcome.eventId();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    jobs.enqueue(() -> self.send(event));
                }
            });
        } else {
            jobs.enqueue(() -> self.send(event));
        }
    }

    /** The run's page, where every email links. */
    public URI runPage(UUID runId) {
        return URI.create(publicUrl + "/imports/" + runId);
    }

    /** Sends the email of one outcome, unless another worker has it or it went already. */
    @Job(name = "Import email for event %0", retries = 5)
    public void send(long eventId) {
        Optional<Claimed> claimed = jdbc.sql("""
                UPDATE import_emails SET state = 'SENDING' WHERE event_id = ? AND state = 'PENDING'
                RETURNING run_id, organization_id""")
                .param(eventId)
                .query((rs, row) -> new Claimed(eventId, rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class))))
                .optional();
        claimed.ifPresent(this::send);
    }

    /** The safety net: outcomes whose job was lost (a crash between the commit and the queueing) are sent now. */
    public void sendWaiting() {
        List<Long> waiting = jdbc.sql("SELECT event_id FROM import_emails WHERE state = 'PENDING' AND created_at < ? ORDER BY created_at LIMIT 100")
                .param(Instant.now(clock).minus(SWEEP_AFTER).atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .list();
        waiting.forEach(this::send);
    }

    private record Claimed(long eventId, UUID runId, OrganizationId organization) {
    }

    private void send(Claimed claimed) {
        Optional<Person> recipient = runs.startedBy(claimed.runId()).flatMap(person -> people.find(claimed.organization(), person));
        if (recipient.isEmpty()) {
            settle(claimed.eventId(), "NOT_SENT", null, null, "nobody to tell: the person who started the run has left the organization");
            return;
        }
        if (!recipient.get().importEmails()) {
            settle(claimed.eventId(), "NOT_SENT", recipient.get().email(), null, "the person who started it turned import emails off");
            return;
        }
        String outcome;
        ImportEmail email;
        try {
            ImportRun run = runs.get(claimed.organization(), claimed.runId());
            String platform = sources.connectorOf(claimed.organization(), run.connectionId()).displayName();
            email = ImportEmailComposer.compose(run, platform, runs.exclusionCounts(claimed.organization(), run.id()), runPage(run.id()));
            outcome = delivery.deliver(claimed.organization(), recipient.get().email(), email);
        } catch (RuntimeException notHandedOver) {
            // nothing went out: back in the queue for JobRunr's retry
            jdbc.sql("UPDATE import_emails SET state = 'PENDING', detail = ? WHERE event_id = ?")
                    .params("not sent yet: " + notHandedOver.getMessage(), claimed.eventId()).update();
            throw notHandedOver;
        }
        settle(claimed.eventId(), "SENT", recipient.get().email(), email.subject(), outcome);
        log.info("Import email for run {} ({}): {}", claimed.runId(), email.subject(), outcome);
    }

    private void settle(long eventId, String state, String recipient, String subject, String detail) {
        jdbc.sql("UPDATE import_emails SET state = ?, recipient = ?, subject = ?, detail = ?, sent_at = ? WHERE event_id = ?")
                .params(state, recipient, subject, detail, Instant.now(clock).atOffset(ZoneOffset.UTC), eventId)
                .update();
    }

    /** What became of a run's emails, oldest first: for the run's page and for tests. */
    public List<Sent> of(OrganizationId organization, UUID runId) {
        return jdbc.sql("""
                SELECT outcome, state, recipient, subject, detail FROM import_emails
                WHERE organization_id = ? AND run_id = ? ORDER BY event_id""")
                .params(organization.value(), runId)
                .query((rs, row) -> new Sent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    /** One outcome's email: PENDING, SENDING, SENT or NOT_SENT, to whom, and how it went or why not. */
    public record Sent(String outcome, String state, String recipient, String subject, String detail) {
    }
}
