package com.callimport.web.pages;

import com.callimport.emails.CustomerEmails;
import com.callimport.people.Person;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The organization's emails (invitations, import notices) and how each went; with no mail server configured
 * (the embedded default) this is where they are read. Owners and admins only.
 */
@Controller
class OutboxPage {
    static final int SHOWN = 100;
    private final CustomerEmails emails;
    private final CurrentPerson currentPerson;

    OutboxPage(CustomerEmails emails, CurrentPerson currentPerson) {
        this.emails = emails;
        this.currentPerson = currentPerson;
    }

    @GetMapping("/outbox")
    String outbox(@AuthenticationPrincipal SignedInUser user, Model model) {
        Person manager = currentPerson.manager(user);
        model.addAttribute("emails", emails.outbox(manager.organization(), SHOWN));
        model.addAttribute("sendsMail", emails.sendsMail());
        return "outbox";
    }
}
