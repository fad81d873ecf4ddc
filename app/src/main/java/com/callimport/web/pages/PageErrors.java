package com.callimport.web.pages;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A page's failure as a page in the layout (templates/error.html), never the API's JSON and never a stack
 * trace: 404 for something that is not there or not the person's organization's, 403 for what their role
 * may not do, 500 otherwise (logged). Ordered before the API's advice, and only for page controllers.
 */
@ControllerAdvice(basePackages = "com.callimport.web.pages")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PageErrors {
    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    /** Thrown by a page when the thing asked for does not exist in the person's organization. */
    public static final class PageNotFound extends RuntimeException {
        public PageNotFound(String what) {
            super(what);
        }
    }

    /** A browser asking for a page (HTML), not the API nor a script. */
    public static boolean isBrowsersPage(HttpServletRequest request) {
        return PageSecurity.isPage(request) && (PageSecurity.acceptsHtml(request) || request.getHeader("HX-Request") != null);
    }

    public static ModelAndView notFound() {
        return page(HttpStatus.NOT_FOUND, "We can't find that page", "The address may be mistyped, or what it showed is gone.");
    }

    @ExceptionHandler(PageNotFound.class)
    ModelAndView notFound(PageNotFound e) {
        return notFound();
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(AccessDeniedException e) {
        return page(HttpStatus.FORBIDDEN, "You can't do that here",
                "Your role in this organization does not allow it. Ask an owner or admin of your organization.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        log.error("A page failed: {} {}", request.getMethod(), request.getRequestURI(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side",
                "Nothing you typed was wrong. Try again in a moment; if it keeps happening, contact support.");
    }

    private static ModelAndView page(HttpStatus status, String heading, String explanation) {
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("heading", heading);
        page.addObject("explanation", explanation);
        return page;
    }
}
