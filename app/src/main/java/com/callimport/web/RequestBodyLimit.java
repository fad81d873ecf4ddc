package com.callimport.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * Caps the body of every JSON API request ({@code callimport.api.max-request-body}, 64KB by default: a connection with
 * all its credentials is a few kilobytes). Reading past the cap raises {@link BodyTooLarge}, which {@link ApiErrors}
 * answers with a 413; Tomcat's own limit covers only form posts.
 */
@Component
class RequestBodyLimit extends OncePerRequestFilter {
    private final DataSize limit;

    RequestBodyLimit(@Value("${callimport.api.max-request-body:64KB}") DataSize limit) {
        this.limit = limit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int bytes = (int) Math.min(Integer.MAX_VALUE, limit.toBytes());
        chain.doFilter(new ContentCachingRequestWrapper(request, bytes) {
            @Override
            protected void handleContentOverflow(int contentCacheLimit) {
                throw new BodyTooLarge(limit);
            }
        }, response);
    }

    /** The body went past the cap; the message is the customer's. */
    static final class BodyTooLarge extends ContentTooLargeException {
        private final DataSize limit;

        BodyTooLarge(DataSize limit) {
            super(null);
            this.limit = limit;
        }

        String detail() {
            return "the request body is larger than " + limit.toKilobytes() + " KiB, the most the API takes; "
                    + "send names and credentials of their usual size";
        }
    }
}
