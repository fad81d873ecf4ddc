package com.callimport.importemails;

import com.callimport.organizations.OrganizationId;

/**
 * Where a composed import email goes: the service's customer email sender (SMTP when configured, otherwise the
 * organization's outbox). Called from a job thread, once per email.
 */
public interface ImportEmailDelivery {

    /**
     * Sends {@code email} to {@code to}, a person of {@code organization}.
     *
     * @return how it went out, in a few words for the record ("sent over SMTP", "kept in the outbox")
     * @throws RuntimeException when it could not be handed over; nothing was sent and it is tried again
     */
    String deliver(OrganizationId organization, String to, ImportEmail email);
}
