package com.callimport.web.pages;

import com.callimport.people.Invitations;
import com.callimport.people.People;
import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Where an invitation's link leads (no sign-in needed: the link's token stands for the invitation): the
 * newcomer chooses a password and joins the organization with the invited role, signed in at once.
 */
@Controller
class InvitationPage {
    private final Invitations invitations;
    private final SignIns signIns;

    InvitationPage(Invitations invitations, SignIns signIns) {
        this.invitations = invitations;
        this.signIns = signIns;
    }

    @GetMapping("/invitations/{token}")
    Object invitation(@PathVariable String token, Model model) {
        return invitations.open(token).<Object>map(invitation -> {
            model.addAttribute("invitation", invitation);
            model.addAttribute("token", token);
            model.addAttribute("errors", Map.of());
            return "invitation";
        }).orElseGet(InvitationPage::notValid);
    }

    @PostMapping("/invitations/{token}")
    Object accept(@PathVariable String token, @RequestParam(required = false) String password, Model model,
                  HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        var open = invitations.open(token);
        if (open.isEmpty()) {
            return notValid();
        }
        try {
            Person joined = invitations.accept(token, password).orElse(null);
            if (joined == null) {
                return notValid();
            }
            signIns.signIn(joined, request, response);
            redirect.addFlashAttribute("flash", Flash.success("Welcome to " + open.get().organizationName() + "!"));
            return "redirect:" + PageSecurity.HOME;
        } catch (People.InvalidDetails invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("invitation", open.get());
            model.addAttribute("token", token);
            model.addAttribute("errors", invalid.byField());
            return "invitation";
        }
    }

    private static ModelAndView notValid() {
        ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", 404);
        page.addObject("heading", "This invitation link doesn't work");
        page.addObject("explanation", "It may have expired, been used already, or been replaced by a newer invitation. "
                + "Ask the person who invited you to send a new one.");
        return page;
    }
}
