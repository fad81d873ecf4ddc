package com.callimport.web.pages;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The service's root and the signed-in person's home page. */
@Controller
class HomePage {

    /** Signed out, the page chain sends the browser to sign-in before this runs. */
    @GetMapping("/")
    String root() {
        return "redirect:" + PageSecurity.HOME;
    }

    @GetMapping(PageSecurity.HOME)
    String home() {
        return "home";
    }
}
