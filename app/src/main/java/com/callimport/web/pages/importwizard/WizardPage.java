package com.callimport.web.pages.importwizard;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connections.Connections;
import com.callimport.imports.ImportRuns;
import com.callimport.web.pages.PageErrors;
import com.callimport.web.pages.SignedInUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every wizard page shares: something of another organization (or of none) is a 404 page, and what changes
 * anything is for owners and admins only (a member gets the 403 page).
 */
abstract class WizardPage {

    static void requireManager(SignedInUser user) {
        if (user == null || !user.manages()) {
            throw new AccessDeniedException("only owners and admins connect platforms and run imports");
        }
    }

    static boolean isHtmx(jakarta.servlet.http.HttpServletRequest request) {
        return request.getHeader("HX-Request") != null;
    }

    /** A progress stream whose browser left (closed the tab, or moved on after pressing a button): nothing to answer. */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void browserLeft() {
    }

    @ExceptionHandler({Connections.ConnectionNotFound.class, ImportRuns.ImportRunNotFound.class, KnownConnectors.UnknownPlatform.class})
    ModelAndView notFound(RuntimeException notTheirs) {
        return PageErrors.notFound();
    }
}
