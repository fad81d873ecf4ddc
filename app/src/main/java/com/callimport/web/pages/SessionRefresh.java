package com.callimport.web.pages;

import com.callimport.people.People;
import com.callimport.people.Person;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a session's person current on every page request: someone removed, or whose organization was
 * disabled, is signed out at once (and so sent to sign-in); a changed role or staff flag takes effect on the next request,
 * for the chain's role rules as for the pages.
 */
final class SessionRefresh extends OncePerRequestFilter {
    /** The request attribute with the signed-in person's organization's name, read with the person (see PageModel). */
    static final String ORGANIZATION_NAME = SessionRefresh.class.getName() + ".organizationName";
    private final People people;
    private final SecurityContextRepository sessions;

    SessionRefresh(People people, SecurityContextRepository sessions) {
        this.people = people;
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // static assets need no person
        return path.startsWith("/webjars/") || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/images/")
                || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            Optional<People.Active> now = people.active(user.id());
            if (now.isEmpty()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else {
                Person person = now.get().person();
                request.setAttribute(ORGANIZATION_NAME, now.get().organizationName());
                if (person.role() != user.role() || person.staff() != user.staff()) {
                    SignedInUser refreshed = new SignedInUser(person, null, true);
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(refreshed, null, refreshed.getAuthorities()));
                    SecurityContextHolder.setContext(context);
                    sessions.saveContext(context, request, response);
                }
            }
        }
        chain.doFilter(request, response);
    }
}
