package com.callimport.emails;

import com.callimport.organizations.OrganizationId;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends customers' emails: over SMTP through Spring's {@link JavaMailSender} when a mail server is
 * configured ({@code spring.mail.host}), otherwise into the organization's outbox. Every email is recorded
 * either way, with how it went, and listed by {@link #outbox}. Sending happens on the caller's thread; a
 * mail server that refuses is recorded as FAILED with its reason and never fails the caller.
 */
@Component
public class CustomerEmails {
    private static final Logger log = LoggerFactory.getLogger(CustomerEmails.class);
    private static final String COLUMNS = "id, recipient, subject, text_body, html_body, link, delivery, failure, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectProvider<JavaMailSender> mailServer;
    private final MailProperties properties;

    CustomerEmails(JdbcClient jdbc, Clock clock, ObjectProvider<JavaMailSender> mailServer, MailProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailServer = mailServer;
        this.properties = properties;
    }

    /** How an email went. */
    public enum Delivery {
        /** Handed to the mail server. */
        SENT,
        /** No mail server is configured: kept in the outbox. */
        OUTBOX,
        /** The mail server refused it; the reason is kept. */
        FAILED
    }

    /** An email as the Outbox page lists it. */
    public record SentEmail(UUID id, String to, String subject, String text, String html, String link, Delivery delivery,
                            String failure, Instant createdAt) {
    }

    public Delivery send(Email email) {
        JavaMailSender server = mailServer.getIfAvailable();
        Delivery delivery = Delivery.OUTBOX;
        String failure = null;
        if (server != null) {
            try {
                server.send(message(server, email));
                delivery = Delivery.SENT;
            } catch (MailException | MessagingException e) {
                delivery = Delivery.FAILED;
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.warn("The mail server refused an email to a customer ({}): {}", email.subject(), failure);
            }
        }
        jdbc.sql("INSERT INTO emails (id, organization_id, recipient, subject, text_body, html_body, link, delivery, failure, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), email.organization().value(), email.to(), email.subject(), email.text(), email.html(),
                        email.link(), delivery.name(), failure, Instant.now(clock).atOffset(ZoneOffset.UTC))
                .update();
        return delivery;
    }

    /** Whether emails leave the service (a mail server is configured) or stay in the outbox. */
    public boolean sendsMail() {
        return mailServer.getIfAvailable() != null;
    }

    /** The organization's emails, newest first, at most {@code limit}. */
    public List<SentEmail> outbox(OrganizationId organization, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM emails WHERE organization_id = ? ORDER BY created_at DESC, id LIMIT ?")
                .params(organization.value(), limit)
                .query(CustomerEmails::sentEmail)
                .list();
    }

    private MimeMessage message(JavaMailSender server, Email email) throws MessagingException {
        MimeMessage message = server.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED,
                StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(email.to());
        helper.setSubject(email.subject());
        helper.setText(email.text(), email.html());
        return message;
    }

    private static SentEmail sentEmail(ResultSet rs, int row) throws SQLException {
        return new SentEmail(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Delivery.valueOf(rs.getString(7)), rs.getString(8), rs.getTimestamp(9).toInstant());
    }
}
