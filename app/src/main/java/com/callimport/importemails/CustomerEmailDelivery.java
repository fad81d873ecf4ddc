package com.callimport.importemails;

import com.callimport.emails.CustomerEmails;
import com.callimport.emails.Email;
import com.callimport.organizations.OrganizationId;
import org.springframework.stereotype.Component;

/** Import emails go out like every customer email: over SMTP when configured, otherwise into the outbox. */
@Component
class CustomerEmailDelivery implements ImportEmailDelivery {
    private final CustomerEmails emails;

    CustomerEmailDelivery(CustomerEmails emails) {
        this.emails = emails;
    }

    @Override
    public String deliver(OrganizationId organization, String to, ImportEmail email) {
        return switch (emails.send(new Email(organization, to, email.subject(), email.text(), email.html(), email.link()))) {
            case SENT -> "sent over SMTP";
            case OUTBOX -> "kept in the outbox: no mail server is configured";
            // the refusal is on the outbox page; the job tries again later
            case FAILED -> throw new IllegalStateException("the mail server refused the email");
        };
    }
}
