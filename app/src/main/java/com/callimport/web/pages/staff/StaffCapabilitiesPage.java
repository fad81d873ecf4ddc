package com.callimport.web.pages.staff;

import com.callimport.capabilitymatrix.CapabilityMatrix;
import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.platformrequests.PlatformRequests;
import com.callimport.web.pages.SignedInUser;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The capability matrix a sales rep searches during a call (Flow 3), with what customers asked for and how often.
 * The search narrows on the server ({@code ?q=}) and, with JavaScript, as the rep types (static/js/staff-matrix.js).
 */
@Controller
class StaffCapabilitiesPage {
    private final StaffMember staffMember;
    private final CapabilityMatrix matrix;
    private final PlatformRequests requests;
    private final PlatformCatalog catalog;

    StaffCapabilitiesPage(StaffMember staffMember, CapabilityMatrix matrix, PlatformRequests requests, PlatformCatalog catalog) {
        this.staffMember = staffMember;
        this.matrix = matrix;
        this.requests = requests;
        this.catalog = catalog;
    }

    /** A matrix row with the words it is found by and how many organizations asked for its platform. */
    record MatrixRow(CapabilityMatrix.Row row, String searchText, long askedBy) {
    }

    /** A platform customers asked for, with its display name. */
    record Asked(String platform, String name, PlatformRequests.Demand demand) {
    }

    @GetMapping("/staff/capabilities")
    String capabilities(@AuthenticationPrincipal SignedInUser user, @RequestParam(defaultValue = "") String q, Model model) {
        staffMember.of(user);
        List<PlatformRequests.Demand> demand = requests.demand();
        Map<String, Long> askedBy = demand.stream().collect(Collectors.toMap(PlatformRequests.Demand::platform,
                PlatformRequests.Demand::organizations));
        List<String> words = List.of(q.strip().toLowerCase(Locale.ROOT).split("\\s+")).stream().filter(word -> !word.isEmpty()).toList();
        List<MatrixRow> rows = matrix.rows().stream()
                .map(row -> new MatrixRow(row, searchText(row), askedBy.getOrDefault(row.platform(), 0L)))
                .filter(row -> words.stream().allMatch(row.searchText()::contains))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("q", q.strip());
        model.addAttribute("asked", demand.stream()
                .map(each -> new Asked(each.platform(), catalog.find(each.platform()).map(PlatformEntry::name).orElse(each.platform()), each))
                .toList());
        return "staff/capabilities";
    }

    private static String searchText(CapabilityMatrix.Row row) {
        return String.join(" ", row.platform(), row.name(), row.kind(), row.status(), row.requirements(), row.data(), row.pricing(),
                String.join(" ", row.limits()), row.note() == null ? "" : row.note()).toLowerCase(Locale.ROOT);
    }
}
