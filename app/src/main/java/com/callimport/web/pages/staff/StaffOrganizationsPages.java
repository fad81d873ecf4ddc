package com.callimport.web.pages.staff;

import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.staff.StaffAudit;
import com.callimport.staffconsole.ConnectionHealth;
import com.callimport.staffconsole.StaffConnections;
import com.callimport.web.pages.Flash;
import com.callimport.web.pages.PageErrors;
import com.callimport.web.pages.SignedInUser;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Organizations as staff see them: the list with each one's CSM and worst connection health, and one organization's
 * drill-down into its connections, runs (with their event log and exclusions) and the staff actions that touched it.
 * Resume, re-run and CSM assignment go through the same services the customer's API uses, and each is audited.
 */
@Controller
class StaffOrganizationsPages {
    private static final int RUNS_SHOWN = 50;
    private final StaffMember staffMember;
    private final Organizations organizations;
    private final StaffConnections connections;
    private final ImportRuns runs;
    private final ImportControl control;
    private final People people;
    private final StaffAudit audit;

    StaffOrganizationsPages(StaffMember staffMember, Organizations organizations, StaffConnections connections, ImportRuns runs,
                            ImportControl control, People people, StaffAudit audit) {
        this.staffMember = staffMember;
        this.organizations = organizations;
        this.connections = connections;
        this.runs = runs;
        this.control = control;
        this.people = people;
        this.audit = audit;
    }

    /** An organization in the list: its CSM, how many connections it has and the most urgent health among them. */
    record OrganizationRow(Organization organization, String csm, long connections, ConnectionHealth worst) {
    }

    @GetMapping("/staff/organizations")
    String list(@AuthenticationPrincipal SignedInUser user, Model model) {
        staffMember.of(user);
        Map<OrganizationId, List<StaffConnections.ConnectionRow>> byOrganization = connections.list(StaffConnections.Filter.ALL).stream()
                .collect(Collectors.groupingBy(StaffConnections.ConnectionRow::organization));
        model.addAttribute("rows", organizations.all().stream().map(organization -> {
            List<StaffConnections.ConnectionRow> own = byOrganization.getOrDefault(organization.id(), List.of());
            return new OrganizationRow(organization, people.assignedCsm(organization.id()).map(Person::email).orElse(null), own.size(),
                    own.stream().map(StaffConnections.ConnectionRow::health).min(Comparator.naturalOrder()).orElse(null));
        }).toList());
        return "staff/organizations";
    }

    @GetMapping("/staff/organizations/{organizationId}")
    String organization(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID organizationId, Model model) {
        staffMember.of(user);
        Organization organization = organization(organizationId);
        model.addAttribute("organization", organization);
        model.addAttribute("connections", connections.list(new StaffConnections.Filter(Optional.empty(), Optional.empty(),
                Optional.of(organization.id()))));
        List<ImportRun> all = runs.list(organization.id(), Optional.empty());
        model.addAttribute("runs", all.stream().limit(RUNS_SHOWN).toList());
        model.addAttribute("moreRuns", Math.max(0, all.size() - RUNS_SHOWN));
        model.addAttribute("csm", people.assignedCsm(organization.id()).orElse(null));
        model.addAttribute("staff", people.staff());
        model.addAttribute("actions", audit.latest(organization.id(), 20));
        return "staff/organization";
    }

    @PostMapping("/staff/organizations/{organizationId}/csm")
    String assignCsm(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID organizationId,
                     @RequestParam(defaultValue = "") String csm, RedirectAttributes redirect) {
        Person staff = staffMember.of(user);
        Organization organization = organization(organizationId);
        Optional<UUID> chosen;
        try {
            chosen = csm.isBlank() ? Optional.empty() : Optional.of(UUID.fromString(csm.strip()));
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("flash", Flash.problem("Choose a CSM from the list."));
            return "redirect:/staff/organizations/" + organizationId;
        }
        Optional<Person> before = people.assignedCsm(organization.id());
        if (before.map(Person::id).equals(chosen)) {
            redirect.addFlashAttribute("flash", Flash.info(chosen.isEmpty() ? organization.name() + " has no CSM already."
                    : before.get().email() + " is " + organization.name() + "'s CSM already."));
            return "redirect:/staff/organizations/" + organizationId;
        }
        try {
            people.assignCsm(organization.id(), chosen);
        } catch (People.InvalidDetails invalid) {
            redirect.addFlashAttribute("flash", Flash.problem(String.join(" ", invalid.byField().values())));
            return "redirect:/staff/organizations/" + organizationId;
        }
        Optional<Person> after = people.assignedCsm(organization.id());
        audit.record(staff, after.isPresent() ? "csm.assigned" : "csm.unassigned", Optional.of(organization.id()),
                after.map(person -> "CSM is now " + person.email()).orElse("no CSM")
                        + before.map(person -> " (was " + person.email() + ")").orElse(""));
        redirect.addFlashAttribute("flash", Flash.success(after.map(person -> person.email() + " is now " + organization.name() + "'s CSM.")
                .orElse(organization.name() + " has no CSM now.")));
        return "redirect:/staff/organizations/" + organizationId;
    }

    @GetMapping("/staff/organizations/{organizationId}/runs/{runId}")
    String run(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID organizationId, @PathVariable UUID runId, Model model) {
        staffMember.of(user);
        Organization organization = organization(organizationId);
        ImportRun run = runs.get(organization.id(), runId);
        model.addAttribute("organization", organization);
        model.addAttribute("run", run);
        model.addAttribute("connection", connections.list(new StaffConnections.Filter(Optional.empty(), Optional.empty(),
                Optional.of(organization.id()))).stream().filter(row -> row.id().equals(run.connectionId())).findFirst().orElse(null));
        model.addAttribute("events", runs.events(organization.id(), runId));
        model.addAttribute("exclusions", runs.exclusions(organization.id(), runId));
        model.addAttribute("resumable", run.state() == ImportRunState.PAUSED || run.state() == ImportRunState.FAILED);
        return "staff/run";
    }

    @PostMapping("/staff/organizations/{organizationId}/runs/{runId}/resume")
    String resume(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID organizationId, @PathVariable UUID runId,
                  RedirectAttributes redirect) {
        Person staff = staffMember.of(user);
        Organization organization = organization(organizationId);
        ImportRun run = runs.get(organization.id(), runId);
        String back = "redirect:/staff/organizations/" + organizationId + "/runs/" + runId;
        switch (run.state()) {
            case QUEUED, RUNNING -> {
                redirect.addFlashAttribute("flash", Flash.info("This run is " + run.state().name().toLowerCase() + " already; nothing to resume."));
                return back;
            }
            case SUCCEEDED, CANCELLED -> {
                redirect.addFlashAttribute("flash", Flash.problem("A " + run.state().name().toLowerCase()
                        + " run cannot be resumed; re-run its window instead."));
                return back;
            }
            case PAUSED, FAILED -> {
                // below
            }
        }
        try {
            control.resume(organization.id(), runId);
        } catch (ImportRuns.IllegalTransition moved) {
            redirect.addFlashAttribute("flash", Flash.info("The run changed state meanwhile; nothing was resumed. Look again below."));
            return back;
        }
        audit.record(staff, "run.resumed", Optional.of(organization.id()), "resumed run " + runId + " (was "
                + run.state().name().toLowerCase() + ": " + (run.stateReason() == null ? "no reason given" : run.stateReason()) + ")");
        redirect.addFlashAttribute("flash", Flash.success("Run resumed from its last stored page."));
        return back;
    }

    @PostMapping("/staff/organizations/{organizationId}/runs/{runId}/rerun")
    String rerun(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID organizationId, @PathVariable UUID runId,
                 RedirectAttributes redirect) {
        Person staff = staffMember.of(user);
        Organization organization = organization(organizationId);
        ImportRun run = runs.get(organization.id(), runId);
        String back = "redirect:/staff/organizations/" + organizationId + "/runs/" + runId;
        // one run per connection at a time: a second press while the first re-run goes finds it and starts nothing
        if (runs.hasActiveRun(run.connectionId())) {
            redirect.addFlashAttribute("flash", Flash.info("A run of this connection is going already; nothing new was started. "
                    + "Re-run once it has finished."));
            return back;
        }
        ImportRun again;
        try {
            again = control.create(organization.id(), run.connectionId(), run.kind(), run.window());
            again = control.start(organization.id(), again.id());
        } catch (IllegalArgumentException refused) {
            redirect.addFlashAttribute("flash", Flash.problem("Not re-run: " + refused.getMessage()));
            return back;
        }
        audit.record(staff, "run.rerun", Optional.of(organization.id()), "re-ran the window " + run.window().from() + " to "
                + run.window().to() + " of run " + runId + " as run " + again.id());
        redirect.addFlashAttribute("flash", Flash.success("Started a new run of the same window."));
        return "redirect:/staff/organizations/" + organizationId + "/runs/" + again.id();
    }

    private Organization organization(UUID id) {
        return organizations.find(new OrganizationId(id)).orElseThrow(() -> new PageErrors.PageNotFound("no organization " + id));
    }
}
