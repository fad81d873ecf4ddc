package com.callimport.web.pages.staff;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.staffconsole.ImportHistory;
import com.callimport.web.pages.SignedInUser;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Import history across organizations: runs that succeeded and failed per day and per platform, drawn as charts
 * (static/js/staff-charts.js reads the tables below them, which are the charts' text alternative).
 */
@Controller
class StaffHistoryPage {
    private final StaffMember staffMember;
    private final ImportHistory history;
    private final Organizations organizations;
    private final PlatformCatalog catalog;

    StaffHistoryPage(StaffMember staffMember, ImportHistory history, Organizations organizations, PlatformCatalog catalog) {
        this.staffMember = staffMember;
        this.history = history;
        this.organizations = organizations;
        this.catalog = catalog;
    }

    @GetMapping("/staff/history")
    String history(@AuthenticationPrincipal SignedInUser user, @RequestParam(defaultValue = "30") int days,
                   @RequestParam Optional<String> platform, @RequestParam Optional<UUID> organization, Model model) {
        staffMember.of(user);
        if (days < 1 || days > ImportHistory.MAX_DAYS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days: 1 to " + ImportHistory.MAX_DAYS);
        }
        Optional<String> chosenPlatform = platform.map(String::strip).filter(text -> !text.isEmpty());
        model.addAttribute("history", history.last(days, chosenPlatform, organization.map(OrganizationId::new)));
        model.addAttribute("platforms", catalog.entries());
        model.addAttribute("organizations", organizations.all());
        model.addAttribute("days", days);
        model.addAttribute("dayChoices", java.util.List.of(7, 30, 90, 365));
        model.addAttribute("chosenPlatform", chosenPlatform.orElse(""));
        model.addAttribute("chosenOrganization", organization.map(UUID::toString).orElse(""));
        return "staff/history";
    }
}
