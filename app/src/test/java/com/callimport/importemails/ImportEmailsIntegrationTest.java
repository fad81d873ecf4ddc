package com.callimport.importemails;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connector.testkit.SeededCall;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A real Gong-simulator import tells the person who started it how it went, through a real SMTP server
 * (GreenMail): once, with the exact counts, the reasons and the link back; a pause the engine made carries what
 * to do; a person who turned import emails off gets none.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=importemails", "callimport.web.public-url=https://calls.example.com/"})
class ImportEmailsIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-03T00:00:00Z"));
    private static final GongSimulator GONG = GongSimulator.start();
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void overrides(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        GONG.close();
        SMTP.stop();
    }

    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportControl control;
    @Autowired
    ImportRuns runs;
    @Autowired
    ImportEmails emails;

    @Test
    void theCompletionEmailArrivesOnceWithTheExactCountsAndTheLinkAndNotForSomeoneWhoTurnedThemOff() throws Exception {
        List<SeededCall> seeded = GONG.seed(60, WINDOW, CallMix.TYPICAL, 5);
        Person ann = people.signUp("Acme Mail Imports", "ann@acme-imports.example", "a long enough password");
        OrganizationId acme = ann.organization();
        UUID connection = connections.create(acme, new Connections.NewConnection("gong", "Gong", GongCredentialsFixture.acceptedValues(),
                Map.of())).id();

        ImportRun run = finished(control.create(acme, connection, WINDOW, ann.id()), "SUCCEEDED");

        long privateCalls = seeded.stream().filter(SeededCall::isPrivate).count();
        long imported = GONG.eligibleCallIds(false).size();
        assertThat(run.counts().imported()).isEqualTo(imported);
        assertThat(run.counts().skipped()).isEqualTo(privateCalls).isPositive();
        MimeMessage received = Await.until(Duration.ofSeconds(30), () -> List.of(SMTP.getReceivedMessages()),
                all -> all.stream().anyMatch(message -> recipient(message).equals("ann@acme-imports.example")), "the completion email")
                .stream().filter(message -> recipient(message).equals("ann@acme-imports.example")).findFirst().orElseThrow();
        assertThat(received.getSubject()).isEqualTo("Import complete: " + imported + " calls from Gong ready");
        String raw = GreenMailUtil.getWholeMessage(received);
        assertThat(raw).contains("text/plain").contains("text/html");
        String link = "https://calls.example.com/imports/" + run.id();
        assertThat(plainText(received))
                .contains("Imported: " + imported).contains("Updated: 0").contains("Unchanged: 0")
                .contains("Skipped: " + privateCalls).contains("Failed: 0")
                .contains(privateCalls + " × ").containsIgnoringCase("private")
                .contains(link);

        // the job again, and the safety sweep: it went already, so nothing more is sent
        Long event = emailEvent(run.id());
        emails.send(event);
        emails.sendWaiting();
        assertThat(emails.of(acme, run.id())).singleElement().satisfies(sent -> {
            assertThat(sent.state()).isEqualTo("SENT");
            assertThat(sent.detail()).isEqualTo("sent over SMTP");
        });

        Person bob = people.add(acme, "bob@acme-imports.example", "another long password", Role.ADMIN);
        people.setImportEmails(bob.id(), false);
        ImportRun again = finished(control.create(acme, connection, WINDOW, bob.id()), "SUCCEEDED");
        assertThat(again.counts().unchanged()).isEqualTo(imported);
        ImportEmails.Sent notSent = Await.until(Duration.ofSeconds(30), () -> emails.of(acme, again.id()),
                sent -> !sent.isEmpty() && sent.getFirst().state().equals("NOT_SENT"), "the second run's email to be settled").getFirst();
        assertThat(notSent.detail()).contains("turned import emails off");
        assertThat(List.of(SMTP.getReceivedMessages())).as("one email for Ann's run, nothing for Bob's")
                .filteredOn(message -> recipient(message).endsWith("@acme-imports.example")).hasSize(1);
    }

    @Test
    void aRunTheEnginePausesSendsWhatToDoAndAPauseTheCustomerAskedForSendsNothing() throws Exception {
        GONG.seed(10, WINDOW, CallMix.TYPICAL, 9);
        Person cat = people.signUp("Paused Co", "cat@paused.example", "a long enough password");
        OrganizationId paused = cat.organization();
        UUID connection = connections.create(paused, new Connections.NewConnection("gong", "Gong", GongCredentialsFixture.acceptedValues(),
                Map.of())).id();
        GONG.rejectCredentials(true);
        try {
            ImportRun run = finished(control.create(paused, connection, WINDOW, cat.id()), "PAUSED");
            ImportEmails.Sent sent = Await.until(Duration.ofSeconds(30), () -> emails.of(paused, run.id()),
                    all -> !all.isEmpty() && all.getFirst().state().equals("SENT"), "the pause email").getFirst();
            assertThat(sent.subject()).isEqualTo("Your import from Gong is paused until you act");
            MimeMessage received = Await.until(Duration.ofSeconds(30), () -> List.of(SMTP.getReceivedMessages()),
                    all -> all.stream().anyMatch(message -> recipient(message).equals("cat@paused.example")), "the pause email at SMTP")
                    .stream().filter(message -> recipient(message).equals("cat@paused.example")).findFirst().orElseThrow();
            assertThat(plainText(received)).contains("What to do").contains("access key")
                    .contains("nothing already imported is lost or doubled");
        } finally {
            GONG.rejectCredentials(false);
        }
    }

    private ImportRun finished(ImportRun created, String state) {
        control.start(created.organization(), created.id());
        ImportRun run = Await.until(Duration.ofSeconds(60), () -> runs.get(created.organization(), created.id()),
                current -> !current.state().name().matches("QUEUED|RUNNING"), "run " + created.id() + " to stop");
        assertThat(run.state().name()).as(run.stateReason()).isEqualTo(state);
        return run;
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private Long emailEvent(UUID runId) {
        return jdbc.sql("SELECT event_id FROM import_emails WHERE run_id = ?").param(runId).query(Long.class).single();
    }

    /** The plain-text alternative, decoded. */
    private static String plainText(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = plainText(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
