package com.callimport.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Dialer sync billed per call: each month's statement is emailed, once, to the organization's owners and admins over SMTP. */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=dialer_statements", "callimport.pricing.dialer-sync.mode=per-call",
        "callimport.pricing.dialer-sync.price-per-call=0.02"})
class DialerUsageStatementIntegrationTest {
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final GongSimulator GONG = GongSimulator.start();

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("callimport.web.public-url", () -> "https://calls.example.com");
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        GONG.close();
    }

    @Autowired
    DialerUsageStatements statements;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyMailbox() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void eachMonthsStatementIsEmailedOnceToTheOwnersAndAdmins() throws Exception {
        Person owner = people.signUp("Wayne Dialer", "owner-" + UUID.randomUUID() + "@wayne.example", "a long enough password");
        OrganizationId wayne = owner.organization();
        Person admin = people.add(wayne, "admin-" + UUID.randomUUID() + "@wayne.example", "a long enough password", Role.ADMIN);
        Person member = people.add(wayne, "member-" + UUID.randomUUID() + "@wayne.example", "a long enough password", Role.MEMBER);
        UUID connection = connections.create(wayne, new Connections.NewConnection("gong", "Gong",
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        syncPass(wayne, connection, "2026-03-05T10:00:00Z", 120);
        syncPass(wayne, connection, "2026-03-31T23:30:00Z", 30);
        syncPass(wayne, connection, "2026-04-02T10:00:00Z", 7); // April's, on April's statement

        int sent = statements.send(YearMonth.of(2026, 3));

        assertThat(sent).isEqualTo(1);
        assertThat(SMTP.waitForIncomingEmail(10_000, 2)).isTrue();
        List<MimeMessage> received = Arrays.asList(SMTP.getReceivedMessages());
        List<String> recipients = new java.util.ArrayList<>();
        for (MimeMessage message : received) {
            Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).forEach(recipients::add);
        }
        assertThat(recipients).containsExactlyInAnyOrder(owner.email(), admin.email()).doesNotContain(member.email());
        MimeMessage statement = received.getFirst();
        assertThat(statement.getSubject()).isEqualTo("Your dialer sync usage for March 2026: $3.00");
        assertThat(plainText(statement)).contains("150 new calls", "$0.02 a call", "$3.00 in total",
                "https://calls.example.com/billing");

        assertThat(statements.send(YearMonth.of(2026, 3))).as("sent once").isZero();
        assertThat(SMTP.waitForIncomingEmail(500, 3)).isFalse();
    }

    private void syncPass(OrganizationId organization, UUID connection, String finishedAt, long importedCalls) {
        Instant at = Instant.parse(finishedAt);
        ImportRun run = runs.create(organization, connection, ImportRun.Kind.SYNC, new DateWindow(at.minus(Duration.ofHours(1)), at),
                List.of(), OptionalLong.empty());
        // a finished sync pass as the engine leaves it: its new calls counted, its state and end recorded
        jdbc.sql("UPDATE import_runs SET state = 'SUCCEEDED', imported_calls = ?, finished_at = ? WHERE id = ?")
                .params(importedCalls, at.atOffset(ZoneOffset.UTC), run.id()).update();
    }

    /** The email's plain-text part, decoded. */
    private static String plainText(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int index = 0; index < multipart.getCount(); index++) {
                String text = plainText(multipart.getBodyPart(index));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
