package com.callimport.web;

import com.callimport.connections.Connection;
import com.callimport.oauth.OAuthSignIns;
import com.callimport.oauth.SignInFailed;
import com.callimport.organizations.OrganizationId;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Connecting by signing in at the vendor. The API hands out the sign-in link; the vendor sends the
 * customer's browser back to {@code /oauth/callback}, which needs no API token: the single-use state
 * in the link stands for the organization that asked.
 */
@RestController
class OAuthApi {
    private final OAuthSignIns signIns;

    OAuthApi(OAuthSignIns signIns) {
        this.signIns = signIns;
    }

    record SignInRequest(String platform, String name, Map<String, String> settings) {
    }

    @PostMapping("/api/connections/oauth")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
    OAuthSignIns.SignInLink start(OrganizationId organization, @RequestBody SignInRequest request) {
        if (request.platform() == null || request.platform().isBlank()) {
            throw new IllegalArgumentException("platform: name the platform to sign in to");
        }
        return signIns.start(organization, request.platform(), request.name(), request.settings());
    }

    /** A new sign-in link for an existing connection whose grant was revoked or expired. */
    @PostMapping("/api/connections/{id}/oauth")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
    OAuthSignIns.SignInLink reconnect(OrganizationId organization, @PathVariable UUID id) {
        return signIns.reconnect(organization, id);
    }

    @GetMapping("/oauth/callback")
    ResponseEntity<String> callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
                                    @RequestParam(required = false) String error,
                                    @RequestParam(name = "error_description", required = false) String errorDescription) {
        try {
            OAuthSignIns.SignedIn signedIn = signIns.complete(state, code, error, errorDescription);
            Connection connection = signedIn.connection();
            if (signedIn.returnTo().isPresent()) {
                return ResponseEntity.status(HttpStatus.SEE_OTHER).location(java.net.URI.create(signedIn.returnTo().get())).build();
            }
            return page(HttpStatus.OK, "Connected", connection.name() + " is connected (connection " + connection.id()
                    + "). You can close this window.");
        } catch (SignInFailed failed) {
            return page(HttpStatus.BAD_REQUEST, "Not connected", failed.getMessage());
        }
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body("<!doctype html><html><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(title) + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p id=\"message\">"
                + HtmlUtils.htmlEscape(message) + "</p></body></html>");
    }
}
