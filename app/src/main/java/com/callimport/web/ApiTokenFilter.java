package com.callimport.web;

import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/**} request by its bearer token and pins the request to the token's
 * organization. {@code /api/admin/**} takes the operator's bootstrap token instead.
 */
@Component
class ApiTokenFilter extends OncePerRequestFilter {
    static final String ORGANIZATION = ApiTokenFilter.class.getName() + ".organization";

    private final Organizations organizations;
    private final String bootstrapToken;

    ApiTokenFilter(Organizations organizations, @Value("${callimport.bootstrap-token:}") String bootstrapToken) {
        this.organizations = organizations;
        this.bootstrapToken = bootstrapToken;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = bearerToken(request);
        if (request.getRequestURI().startsWith("/api/admin/")) {
            if (bootstrapToken.isBlank()) {
                refuse(response, HttpServletResponse.SC_FORBIDDEN,
                        "the admin API is off; set CALLIMPORT_BOOTSTRAP_TOKEN on the service to enable it");
            } else if (token.isEmpty() || !constantTimeEquals(token.get(), bootstrapToken)) {
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "send the bootstrap token as 'Authorization: Bearer <token>'");
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        Optional<OrganizationId> organization = token.flatMap(organizations::findByToken);
        if (organization.isEmpty()) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, token.isEmpty()
                    ? "send your organization's API token as 'Authorization: Bearer <token>'"
                    : "that API token is not valid; ask your administrator for a new one");
            return;
        }
        request.setAttribute(ORGANIZATION, organization.get());
        chain.doFilter(request, response);
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).strip()).filter(token -> !token.isEmpty());
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
