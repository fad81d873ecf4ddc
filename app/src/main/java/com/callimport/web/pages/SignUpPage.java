package com.callimport.web.pages;

import com.callimport.people.People;
import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sign-up: a new organization and its owner, signed in at once. Closed (403, with a page saying so) when
 * the operator turned open sign-up off ({@code callimport.web.open-sign-up=false}).
 */
@Controller
class SignUpPage {
    private final People people;
    private final SignIns signIns;
    private final WebAppProperties properties;

    SignUpPage(People people, SignIns signIns, WebAppProperties properties) {
        this.people = people;
        this.signIns = signIns;
        this.properties = properties;
    }

    /** What the form posts; the password is never shown back. */
    record SignUpForm(String organizationName, String email, String password) {
    }

    @GetMapping(PageSecurity.SIGN_UP)
    String form(@AuthenticationPrincipal SignedInUser user, Model model, HttpServletResponse response) {
        if (user != null) {
            return "redirect:" + PageSecurity.HOME;
        }
        if (!properties.openSignUp()) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
        }
        model.addAttribute("form", new SignUpForm("", "", ""));
        model.addAttribute("errors", Map.of());
        return "sign-up";
    }

    @PostMapping(PageSecurity.SIGN_UP)
    String signUp(@ModelAttribute SignUpForm form, Model model, HttpServletRequest request, HttpServletResponse response,
                  RedirectAttributes redirect) {
        if (!properties.openSignUp()) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            model.addAttribute("form", new SignUpForm("", "", ""));
            model.addAttribute("errors", Map.of());
            return "sign-up";
        }
        try {
            Person owner = people.signUp(form.organizationName(), form.email(), form.password());
            signIns.signIn(owner, request, response);
            redirect.addFlashAttribute("flash", Flash.success("Welcome! Your organization is ready."));
            return "redirect:" + PageSecurity.HOME;
        } catch (People.InvalidDetails invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("form", new SignUpForm(form.organizationName(), form.email(), ""));
            model.addAttribute("errors", invalid.byField());
            return "sign-up";
        }
    }
}
