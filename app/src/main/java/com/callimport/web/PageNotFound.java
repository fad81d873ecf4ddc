package com.callimport.web;

import com.callimport.web.pages.PageErrors;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An address nothing answers: a page saying so for a browser, the API's problem for everyone else
 * ({@link ApiErrors}). Ordered first, since no controller is there to pick an advice by package.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageNotFound {
    private final ApiErrors apiErrors;

    PageNotFound(ApiErrors apiErrors) {
        this.apiErrors = apiErrors;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object noSuchAddress(NoResourceFoundException e, HttpServletRequest request) {
        if (PageErrors.isBrowsersPage(request)) {
            return PageErrors.notFound();
        }
        return org.springframework.http.ResponseEntity.status(404).body(apiErrors.noSuchPath(e));
    }
}
