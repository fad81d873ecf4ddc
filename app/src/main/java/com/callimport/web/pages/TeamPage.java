package com.callimport.web.pages;

import com.callimport.emails.CustomerEmails;
import com.callimport.emails.EmailTemplates;
import com.callimport.organizations.Organizations;
import com.callimport.people.Invitations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The organization's people and open invitations; owners and admins invite teammates here by email. */
@Controller
class TeamPage {
    private final People people;
    private final Invitations invitations;
    private final CurrentPerson currentPerson;
    private final EmailTemplates templates;
    private final CustomerEmails emails;
    private final Organizations organizations;
    private final PublicUrl publicUrl;

    TeamPage(People people, Invitations invitations, CurrentPerson currentPerson, EmailTemplates templates,
             CustomerEmails emails, Organizations organizations, PublicUrl publicUrl) {
        this.people = people;
        this.invitations = invitations;
        this.currentPerson = currentPerson;
        this.templates = templates;
        this.emails = emails;
        this.organizations = organizations;
        this.publicUrl = publicUrl;
    }

    /** What the invitation form posts. */
    record InviteForm(String email, String role) {
    }

    @GetMapping("/team")
    String team(@AuthenticationPrincipal SignedInUser user, Model model) {
        Person manager = currentPerson.manager(user);
        return page(manager, new InviteForm("", Role.MEMBER.name()), Map.of(), model);
    }

    @PostMapping("/team/invitations")
    String invite(@AuthenticationPrincipal SignedInUser user, @ModelAttribute InviteForm form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        Person manager = currentPerson.manager(user);
        Role role = parseRole(form.role());
        try {
            Invitations.Issued issued = invitations.invite(manager, form.email(), role);
            String link = publicUrl.base() + "/invitations/" + issued.token();
            String organizationName = organizations.get(manager.organization()).name();
            CustomerEmails.Delivery delivery = emails.send(templates.render(manager.organization(), issued.invitation().email(),
                    "You're invited to " + organizationName + " on Call Import", "invitation",
                    Map.of("organizationName", organizationName, "inviter", manager.email(),
                            "role", issued.invitation().role().label(), "expiresAt", issued.invitation().expiresAt()),
                    link));
            redirect.addFlashAttribute("flash", switch (delivery) {
                case SENT -> Flash.success("Invitation sent to " + issued.invitation().email() + ".");
                case OUTBOX -> Flash.info("Invitation to " + issued.invitation().email()
                        + " saved in the Outbox: this service has no mail server, so copy the link from there.");
                case FAILED -> Flash.problem("The invitation to " + issued.invitation().email()
                        + " could not be emailed; its link is in the Outbox.");
            });
            return "redirect:/team";
        } catch (People.InvalidDetails invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(manager, form, invalid.byField(), model);
        }
    }

    @PostMapping("/team/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        Person manager = currentPerson.manager(user);
        if (!invitations.revoke(manager.organization(), id)) {
            throw new PageErrors.PageNotFound("no open invitation " + id);
        }
        redirect.addFlashAttribute("flash", Flash.success("Invitation revoked: its link no longer works."));
        return "redirect:/team";
    }

    @PostMapping("/team/people/{id}/role")
    String changeRole(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id,
                      @org.springframework.web.bind.annotation.RequestParam(required = false) String role, RedirectAttributes redirect) {
        Person manager = currentPerson.manager(user);
        try {
            Person changed = people.changeRole(manager, id, parseRole(role));
            redirect.addFlashAttribute("flash", Flash.success(changed.email() + " is now " + changed.role().label()
                    + (changed.role().manages() ? ": they can connect platforms, import and invite people." : ": they can see the calls.")));
        } catch (java.util.NoSuchElementException notHere) {
            throw new PageErrors.PageNotFound("no teammate " + id);
        } catch (People.InvalidDetails refused) {
            redirect.addFlashAttribute("flash", Flash.problem(refused.getMessage()));
        }
        return "redirect:/team";
    }

    @PostMapping("/team/people/{id}/remove")
    String remove(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        Person manager = currentPerson.manager(user);
        try {
            Person removed = people.remove(manager, id);
            redirect.addFlashAttribute("flash", Flash.success(removed.email()
                    + " was removed and signed out. Your organization keeps its calls and imports."));
        } catch (java.util.NoSuchElementException notHere) {
            throw new PageErrors.PageNotFound("no teammate " + id);
        } catch (People.InvalidDetails refused) {
            redirect.addFlashAttribute("flash", Flash.problem(refused.getMessage()));
        }
        return "redirect:/team";
    }

    private String page(Person manager, InviteForm form, Map<String, String> errors, Model model) {
        model.addAttribute("people", people.of(manager.organization()));
        model.addAttribute("me", manager.id());
        model.addAttribute("invitations", invitations.open(manager.organization()));
        model.addAttribute("roles", new Role[] {Role.MEMBER, Role.ADMIN});
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "team";
    }

    private static Role parseRole(String role) {
        try {
            return role == null ? null : Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
