package com.callimport.web.pages;

import com.callimport.oauth.OAuthSignIns;
import com.callimport.oauth.SignInUnavailable;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Connect your … account" button of any page (the dialer settings, the import wizard's credentials step): sends the
 * browser to the vendor's sign-in through {@link OAuthSignIns}, the same flow the API hands out, and has the vendor's
 * redirect bring it back to the page that asked. Rendered by {@code fragments/sign-in :: connect}.
 *
 * <p>A link (GET), as Spring Security's own {@code /oauth2/authorization/{id}}: the pages' {@code form-action 'self'}
 * forbids a form whose answer redirects to the vendor, and starting a sign-in changes nothing until the customer consents
 * at the vendor in this same browser.
 */
@Controller
class VendorSignInPage {
    /** Where a sign-in returns to, by the name a page gives; {@code {connection}} becomes the connection's id. */
    private static final Map<String, String> RETURN_TO = Map.of(
            "dialer", "/settings/integrations/dialer/{connection}",
            "dialers", "/settings/integrations/dialer",
            "import", "/import/connections/{connection}/window");

    private final OAuthSignIns signIns;
    private final CurrentPerson currentPerson;

    VendorSignInPage(OAuthSignIns signIns, CurrentPerson currentPerson) {
        this.signIns = signIns;
        this.currentPerson = currentPerson;
    }

    @GetMapping("/sign-in/{platform}")
    String connect(@AuthenticationPrincipal SignedInUser user, @PathVariable String platform,
                   @RequestParam(defaultValue = "dialer") String then, RedirectAttributes redirect) {
        currentPerson.manager(user);
        String returnTo = returnTo(then);
        try {
            return "redirect:" + signIns.start(user.organization(), platform, null, Map.of(), returnTo).authorizationUrl();
        } catch (SignInUnavailable | IllegalArgumentException unavailable) {
            redirect.addFlashAttribute("flash", Flash.problem(unavailable.getMessage()));
            return "redirect:" + (then.equals("import") ? "/import/platforms/" + platform + "/connect" : "/settings/integrations/dialer");
        }
    }

    /** Self-service re-authentication: the same connection gets new tokens, its calls and schedule stay. */
    @GetMapping("/connections/{id}/sign-in")
    String reconnect(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id,
                     @RequestParam(defaultValue = "dialer") String then, RedirectAttributes redirect) {
        currentPerson.manager(user);
        String returnTo = returnTo(then);
        try {
            return "redirect:" + signIns.reconnect(user.organization(), id, returnTo).authorizationUrl();
        } catch (SignInUnavailable | IllegalArgumentException unavailable) {
            redirect.addFlashAttribute("flash", Flash.problem(unavailable.getMessage()));
            return "redirect:/settings/integrations/dialer";
        }
    }

    private static String returnTo(String then) {
        String path = RETURN_TO.get(then);
        if (path == null) {
            throw new PageErrors.PageNotFound("no page to return to named " + then);
        }
        return path;
    }
}
