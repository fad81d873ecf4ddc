package com.callimport.web.pages;

import com.callimport.organizations.Organization;
import com.callimport.organizations.Organizations;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the base layout shows on every page of this package and its sub-packages: the signed-in person
 * ({@code user}, null when signed out), their organization's name ({@code organizationName}), the path
 * (for the navigation's {@code aria-current}) and whether sign-up is open.
 */
@ControllerAdvice(basePackages = "com.callimport.web.pages")
class PageModel {
    private final Organizations organizations;
    private final WebAppProperties properties;

    PageModel(Organizations organizations, WebAppProperties properties) {
        this.organizations = organizations;
        this.properties = properties;
    }

    @ModelAttribute
    void layout(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("organizationName", user == null ? null : organizationName(user, request));
        model.addAttribute("currentPath", request.getRequestURI());
        model.addAttribute("openSignUp", properties.openSignUp());
    }

    private String organizationName(SignedInUser user, HttpServletRequest request) {
        // SessionRefresh read it with the person on this request; asked again only where that filter did not run
        if (request.getAttribute(SessionRefresh.ORGANIZATION_NAME) instanceof String name) {
            return name;
        }
        return organizations.find(user.organization()).map(Organization::name).orElse(null);
    }
}
