/**
 * Emails to customers (invitations; import completed or failed): rendered from templates in HTML and
 * plain text, sent over SMTP when {@code spring.mail.host} is set, and otherwise kept in the organization's
 * outbox for its owners and admins to read.
 */
package com.callimport.emails;
