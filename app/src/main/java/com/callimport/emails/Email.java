package com.callimport.emails;

import com.callimport.organizations.OrganizationId;
import java.util.Objects;

/**
 * One email to one person of an organization, in both forms every client can show.
 *
 * @param link the email's call to action (an invitation, "View your calls"), shown as a link on the
 *             Outbox page; null when there is none
 */
public record Email(OrganizationId organization, String to, String subject, String text, String html, String link) {
    public Email {
        Objects.requireNonNull(organization, "organization");
        if (to == null || !to.contains("@")) {
            throw new IllegalArgumentException("to: an email address is needed, not " + to);
        }
        if (subject == null || subject.isBlank() || subject.contains("\n") || subject.contains("\r")) {
            throw new IllegalArgumentException("subject: one line of text is needed");
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
