package com.callimport.emails;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.organizations.Organization;
import com.callimport.organizations.Organizations;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a mail server configured, a customer's email leaves over SMTP in HTML and plain text, and is recorded as sent. */
@EngineIntegrationTest
class CustomerEmailsIntegrationTest {
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("callimport.mail.from", () -> "Call Import <no-reply@call-import.example>");
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    CustomerEmails emails;
    @Autowired
    EmailTemplates templates;
    @Autowired
    Organizations organizations;

    @Test
    void anInvitationIsReceivedByARealSmtpServerInHtmlAndPlainText() throws Exception {
        Organization acme = organizations.register("Acme Mail", null);
        String link = "https://calls.example.com/invitations/abc123";
        Email invitation = templates.render(acme.id(), "bob@acme.example", "You're invited to Acme Mail on Call Import", "invitation",
                Map.of("organizationName", "Acme Mail", "inviter", "ann@acme.example", "role", "Member"), link);

        assertThat(emails.sendsMail()).isTrue();
        assertThat(emails.send(invitation)).isEqualTo(CustomerEmails.Delivery.SENT);

        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).as("the SMTP server received the email").isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("You're invited to Acme Mail on Call Import");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("bob@acme.example");
        assertThat(received.getFrom()[0].toString()).contains("no-reply@call-import.example");
        String raw = GreenMailUtil.getWholeMessage(received);
        assertThat(raw).contains("multipart/alternative").contains("text/plain").contains("text/html");
        assertThat(received.getContent()).isInstanceOf(MimeMultipart.class);
        String text = GreenMailUtil.getBody(received);
        assertThat(text).contains("ann@acme.example invited you to join Acme Mail on Call Import as Member")
                .contains("Accept the invitation").contains(link);

        assertThat(emails.outbox(acme.id(), 10)).singleElement().satisfies(recorded -> {
            assertThat(recorded.delivery()).isEqualTo(CustomerEmails.Delivery.SENT);
            assertThat(recorded.link()).isEqualTo(link);
            assertThat(recorded.html()).contains("<a href=\"" + link + "\"");
        });
    }
}
