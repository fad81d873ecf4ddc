package com.callimport.importemails;

import java.util.Objects;

/**
 * An import email as composed: one line of subject, the same message as plain text and as HTML, and the link
 * back to the run's page.
 */
public record ImportEmail(String subject, String text, String html, String link) {
    public ImportEmail {
        if (subject == null || subject.isBlank() || subject.contains("\n") || subject.contains("\r")) {
            throw new IllegalArgumentException("an import email's subject is one line of text, not '" + subject + "'");
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(link, "link");
    }
}
