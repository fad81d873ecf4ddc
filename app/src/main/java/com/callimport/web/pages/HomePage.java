package com.callimport.web.pages;

import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.onboarding.OnboardingAnswers;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The service's root and the signed-in person's home page. Right after sign-up an owner finds the wizard's first
 * question here ("Are you coming from another platform?"), until someone in the organization has answered it; then
 * the organization's latest imports, each a link to its progress.
 */
@Controller
class HomePage {
    private static final int LATEST_IMPORTS = 5;
    private final OnboardingAnswers answers;
    private final ImportRuns runs;

    HomePage(OnboardingAnswers answers, ImportRuns runs) {
        this.answers = answers;
        this.runs = runs;
    }

    /** Signed out, the page chain sends the browser to sign-in before this runs. */
    @GetMapping("/")
    String root() {
        return "redirect:" + PageSecurity.HOME;
    }

    @GetMapping(PageSecurity.HOME)
    String home(@AuthenticationPrincipal SignedInUser user, Model model) {
        boolean unanswered = answers.comingFrom(user.organization()).isEmpty();
        model.addAttribute("askComingFrom", user.manages() && unanswered);
        List<ImportRun> latest = runs.list(user.organization(), Optional.empty()).stream()
                .filter(run -> run.kind() == ImportRun.Kind.BACKFILL).limit(LATEST_IMPORTS).toList();
        model.addAttribute("latestImports", latest);
        return "home";
    }
}
