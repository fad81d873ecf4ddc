package com.callimport.web.pages;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in form; Spring Security's form login checks what it posts (see {@link PageSecurity}). */
@Controller
class SignInPage {
    static final String NO_MATCH = "That email and password do not match an account. Check both and try again.";
    static final String DISABLED = "Your organization is disabled. Contact support to have it enabled again.";

    @GetMapping(PageSecurity.SIGN_IN)
    String signIn(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String error,
                  HttpSession session, Model model) {
        if (user != null) {
            return "redirect:" + PageSecurity.HOME;
        }
        if (error != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("problem", failure instanceof AuthenticationException refused ? inWords(refused) : NO_MATCH);
        }
        Object lastEmail = session.getAttribute(PageSecurity.LAST_EMAIL);
        model.addAttribute("email", error != null && lastEmail instanceof String typed ? typed : "");
        return "sign-in";
    }

    private static String inWords(AuthenticationException refused) {
        if (refused instanceof org.springframework.security.authentication.DisabledException) {
            return DISABLED;
        }
        if (refused instanceof SignInThrottled throttled) {
            return throttled.getMessage();
        }
        return NO_MATCH;
    }
}
