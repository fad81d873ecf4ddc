package com.callimport.web.pages;

import com.callimport.organizations.ApiTokens;
import com.callimport.people.People;
import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings: everyone's own email preference; for owners and admins, the organization's API tokens (listed
 * without their values, created with the value shown once, revoked at once) through {@link ApiTokens}.
 */
@Controller
class SettingsPage {
    private final People people;
    private final ApiTokens tokens;
    private final CurrentPerson currentPerson;

    SettingsPage(People people, ApiTokens tokens, CurrentPerson currentPerson) {
        this.people = people;
        this.tokens = tokens;
        this.currentPerson = currentPerson;
    }

    @GetMapping("/settings")
    String settings(@AuthenticationPrincipal SignedInUser user, Model model) {
        return page(currentPerson.of(user), null, "", Map.of(), model);
    }

    @PostMapping("/settings/notifications")
    String notifications(@AuthenticationPrincipal SignedInUser user, @RequestParam(defaultValue = "false") boolean importEmails,
                         RedirectAttributes redirect) {
        Person person = people.setImportEmails(currentPerson.of(user).id(), importEmails);
        redirect.addFlashAttribute("flash", Flash.success(person.importEmails()
                ? "You'll get an email when an import completes or fails."
                : "You won't get emails about imports."));
        return "redirect:/settings";
    }

    @PostMapping("/settings/tokens")
    String createToken(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String name, Model model,
                       HttpServletResponse response) {
        Person manager = currentPerson.manager(user);
        try {
            ApiTokens.Issued issued = tokens.issue(manager.organization(), name, null);
            // the value exists only now: shown in this answer, never stored in a session or a redirect
            response.setHeader("Cache-Control", "no-store");
            return page(manager, issued, "", Map.of(), model);
        } catch (IllegalArgumentException invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(manager, null, name == null ? "" : name,
                    Map.of("name", "Give the token a name of at most 200 characters that says where it is used, e.g. \"CRM sync\"."), model);
        }
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        Person manager = currentPerson.manager(user);
        try {
            ApiTokens.ApiToken revoked = tokens.revoke(manager.organization(), id);
            redirect.addFlashAttribute("flash", Flash.success("Token \"" + revoked.name() + "\" revoked: it stops working at once."));
        } catch (ApiTokens.TokenNotFound notFound) {
            throw new PageErrors.PageNotFound("no token " + id);
        }
        return "redirect:/settings";
    }

    private String page(Person person, ApiTokens.Issued issued, String tokenName, Map<String, String> errors, Model model) {
        model.addAttribute("person", person);
        model.addAttribute("tokens", person.role().manages() ? tokens.list(person.organization()) : java.util.List.of());
        model.addAttribute("issued", issued);
        model.addAttribute("tokenName", tokenName);
        model.addAttribute("errors", errors);
        model.addAttribute("now", Instant.now());
        return "settings";
    }
}
