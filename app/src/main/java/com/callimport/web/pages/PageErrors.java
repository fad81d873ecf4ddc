package com.callimport.web.pages;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import com.callimport.connections.Connections;
import com.callimport.catalog.KnownConnectors;
import com.callimport.imports.ImportRuns;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
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

    /** Another organization's id reads as an id that does not exist: the page says so, and nothing more. */
    @ExceptionHandler({Connections.ConnectionNotFound.class, ImportRuns.ImportRunNotFound.class, KnownConnectors.UnknownPlatform.class})
    ModelAndView notTheOrganizations(RuntimeException e) {
        return notFound();
    }

    /** An address or form Spring could not bind (a missing or malformed parameter, a wrong method): the sender's to fix. */
    @ExceptionHandler(ErrorResponseException.class)
    ModelAndView unbindable(ErrorResponseException e) {
        return badRequest(e.getStatusCode());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            HttpRequestMethodNotSupportedException.class, HttpMessageNotReadableException.class})
    ModelAndView unbindable(Exception e) {
        return badRequest(e instanceof ErrorResponse response ? response.getStatusCode() : HttpStatus.BAD_REQUEST);
    }

    private static ModelAndView badRequest(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return page(known == null ? HttpStatus.BAD_REQUEST : known, "That address is incomplete",
                "A value this page needs is missing or not in the expected form. Go back and try again from the previous step.");
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
