package com.callimport.web.pages.staff;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.staffconsole.ConnectionHealth;
import com.callimport.staffconsole.StaffConnections;
import com.callimport.web.pages.SignedInUser;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The console's first page: every organization's connections with their health, filterable by platform, health and organization. */
@Controller
class StaffConnectionsPage {
    private final StaffMember staffMember;
    private final StaffConnections connections;
    private final Organizations organizations;
    private final PlatformCatalog catalog;

    StaffConnectionsPage(StaffMember staffMember, StaffConnections connections, Organizations organizations, PlatformCatalog catalog) {
        this.staffMember = staffMember;
        this.connections = connections;
        this.organizations = organizations;
        this.catalog = catalog;
    }

    @GetMapping("/staff")
    String connections(@AuthenticationPrincipal SignedInUser user, @RequestParam Optional<String> platform,
                       @RequestParam Optional<String> health, @RequestParam Optional<UUID> organization, Model model) {
        staffMember.of(user);
        Optional<String> chosenPlatform = platform.map(String::strip).filter(text -> !text.isEmpty());
        Optional<ConnectionHealth> chosenHealth = health.map(String::strip).filter(text -> !text.isEmpty()).map(StaffConnectionsPage::health);
        StaffConnections.Filter filter = new StaffConnections.Filter(chosenPlatform, chosenHealth, organization.map(OrganizationId::new));
        List<StaffConnections.ConnectionRow> rows = connections.list(filter);
        model.addAttribute("rows", rows);
        model.addAttribute("counts", StaffConnections.byHealth(connections.list(new StaffConnections.Filter(chosenPlatform,
                Optional.empty(), filter.organization()))));
        model.addAttribute("healths", ConnectionHealth.values());
        model.addAttribute("platforms", catalog.entries());
        model.addAttribute("organizations", organizations.all());
        model.addAttribute("chosenPlatform", chosenPlatform.orElse(""));
        model.addAttribute("chosenHealth", chosenHealth.map(Enum::name).orElse(""));
        model.addAttribute("chosenOrganization", organization.map(UUID::toString).orElse(""));
        return "staff/connections";
    }

    private static ConnectionHealth health(String value) {
        try {
            return ConnectionHealth.valueOf(value.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "health: choose one of the listed states");
        }
    }
}
