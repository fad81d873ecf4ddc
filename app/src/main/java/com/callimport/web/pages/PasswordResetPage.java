package com.callimport.web.pages;

import com.callimport.emails.CustomerEmails;
import com.callimport.emails.EmailTemplates;
import com.callimport.people.PasswordResets;
import com.callimport.people.People;
import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Forgot your password?": the person types their email and gets a single-use link; the page says the same whether
 * or not the email has an account. Choosing a new password by the link signs out every session of that person, so a
 * stolen session ends with the old password.
 */
@Controller
class PasswordResetPage {
    static final String FORGOT = "/forgot-password";
    static final String RESET = "/reset-password/";

    private final PasswordResets resets;
    private final EmailTemplates templates;
    private final CustomerEmails emails;
    private final PublicUrl publicUrl;
    // absent when the service runs without its web server (an operator command): then there are no sessions to end
    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    PasswordResetPage(PasswordResets resets, EmailTemplates templates, CustomerEmails emails, PublicUrl publicUrl,
                      ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.resets = resets;
        this.templates = templates;
        this.emails = emails;
        this.publicUrl = publicUrl;
        this.sessions = sessions;
    }

    @GetMapping(FORGOT)
    String forgot(Model model) {
        model.addAttribute("email", "");
        return "forgot-password";
    }

    @PostMapping(FORGOT)
    String requestLink(@RequestParam(required = false) String email, Model model) {
        String typed = email == null ? "" : email.strip();
        if (typed.isEmpty()) {
            model.addAttribute("email", "");
            model.addAttribute("problem", "Enter the email you sign in with.");
            return "forgot-password";
        }
        resets.request(typed).ifPresent(issued -> emails.send(templates.render(issued.person().organization(), issued.person().email(),
                "Choose a new password for Call Import", "password-reset", Map.of("email", issued.person().email()),
                publicUrl.base() + RESET + issued.token())));
        model.addAttribute("email", typed.length() > 254 ? typed.substring(0, 254) : typed);
        model.addAttribute("sent", true);
        return "forgot-password";
    }

    @GetMapping(RESET + "{token}")
    Object resetForm(@PathVariable String token, Model model) {
        return resets.open(token).<Object>map(person -> form(person, token, Map.of(), model)).orElseGet(PasswordResetPage::notValid);
    }

    @PostMapping(RESET + "{token}")
    Object reset(@PathVariable String token, @RequestParam(required = false) String password, Model model,
                 HttpServletResponse response, RedirectAttributes redirect) {
        var person = resets.open(token);
        if (person.isEmpty()) {
            return notValid();
        }
        try {
            if (resets.reset(token, password).isEmpty()) {
                return notValid();
            }
        } catch (People.InvalidDetails invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return form(person.get(), token, invalid.byField(), model);
        } catch (PasswordResets.LinkAlreadyUsed used) {
            return notValid();
        }
        sessions.ifAvailable(repository -> repository.findByPrincipalName(person.get().email()).keySet().forEach(repository::deleteById));
        redirect.addFlashAttribute("flash", Flash.success("Your password is changed. Sign in with the new one."));
        return "redirect:" + PageSecurity.SIGN_IN;
    }

    private static String form(Person person, String token, Map<String, String> errors, Model model) {
        model.addAttribute("email", person.email());
        model.addAttribute("token", token);
        model.addAttribute("errors", errors);
        return "reset-password";
    }

    private static ModelAndView notValid() {
        ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", 404);
        page.addObject("heading", "This password link doesn't work");
        page.addObject("explanation", "It may have expired (links work for an hour), been used already, or been replaced by a "
                + "newer one. Ask for a new link from the sign-in page.");
        return page;
    }
}
