package com.callimport.web.pages.staff;

import com.callimport.staffconsole.JobQueue;
import com.callimport.web.pages.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The job queue's own dashboard, behind staff sign-in: jobs by state, the servers working it, the latest failures. */
@Controller
class StaffJobsPage {
    private final StaffMember staffMember;
    private final JobQueue queue;

    StaffJobsPage(StaffMember staffMember, JobQueue queue) {
        this.staffMember = staffMember;
        this.queue = queue;
    }

    @GetMapping("/staff/jobs")
    String jobs(@AuthenticationPrincipal SignedInUser user, Model model) {
        staffMember.of(user);
        model.addAttribute("figures", queue.figures());
        model.addAttribute("servers", queue.servers());
        model.addAttribute("failures", queue.latestFailures(20));
        return "staff/jobs";
    }
}
