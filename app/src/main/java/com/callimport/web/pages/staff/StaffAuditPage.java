package com.callimport.web.pages.staff;

import com.callimport.organizations.Organization;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.staff.StaffAudit;
import com.callimport.web.pages.SignedInUser;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** What staff did, newest first, across organizations: resumes, re-runs, CSM assignments and whatever comes next. */
@Controller
class StaffAuditPage {
    private final StaffMember staffMember;
    private final StaffAudit audit;
    private final Organizations organizations;

    StaffAuditPage(StaffMember staffMember, StaffAudit audit, Organizations organizations) {
        this.staffMember = staffMember;
        this.audit = audit;
        this.organizations = organizations;
    }

    @GetMapping("/staff/audit")
    String audit(@AuthenticationPrincipal SignedInUser user, Model model) {
        staffMember.of(user);
        Map<OrganizationId, String> names = organizations.all().stream().collect(Collectors.toMap(Organization::id, Organization::name,
                (first, second) -> first));
        model.addAttribute("actions", audit.latest(200));
        model.addAttribute("names", names);
        return "staff/audit";
    }
}
