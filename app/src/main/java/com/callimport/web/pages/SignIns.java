package com.callimport.web.pages;

import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/** Signs a person in without a password check: right after they chose their password (sign-up, invitation). */
@Component
class SignIns {
    // the same kind of repository the pages' chain reads (PageSecurity); its own instance, so that this bean
    // also exists where the service runs without a web server (the vault commands)
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    void signIn(Person person, HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = new SignedInUser(person, null, true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        // a new session id once signed in, as form login does: a session id planted before sign-in is worthless
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        sessions.saveContext(context, request, response);
    }
}
