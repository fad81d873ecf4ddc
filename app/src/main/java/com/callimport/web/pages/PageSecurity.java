package com.callimport.web.pages;

import com.callimport.people.People;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The pages' filter chain, ordered before the API's (web/ApiSecurity), for every address the API's chain
 * does not own: a browser signs in with email and password into a server-side session (Spring Session on
 * PostgreSQL), every form and htmx request carries the CSRF token, and every page but sign-in, sign-up
 * and the static assets needs a signed-in person. The firewall is the same for both chains: an address in
 * a form that is not plain is refused before either chain sees it.
 *
 * <p>A signed-out browser asking for a page is sent to sign-in; an htmx request gets a 401 with
 * {@code HX-Redirect}, and anything that does not ask for HTML gets a plain 401.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PageSecurity {
    static final String SIGN_IN = "/sign-in";
    static final String SIGN_UP = "/sign-up";
    static final String SIGN_OUT = "/sign-out";
    static final String HOME = "/home";
    static final String LAST_EMAIL = "callimport.sign-in.email";
    /**
     * Addresses the API's chain answers: everything else is a page. Matched on the decoded path without
     * regard to case, so that {@code /API/...} or {@code /%61pi/...} stays the API's (and is refused there)
     * rather than becoming a page.
     */
    private static final RequestMatcher API_SIDE = new OrRequestMatcher(PageSecurity::apiPrefix, EndpointRequest.toAnyEndpoint());
    private static final List<String> API_PREFIXES = List.of("/api/", "/actuator/", "/v3/api-docs", "/webhooks/", "/oauth/callback/", "/error/");
    /** What a person with a browser sees without signing in. */
    static final String[] PUBLIC = {SIGN_IN, SIGN_UP, "/invitations/*", "/forgot-password", "/reset-password/*", "/webjars/**", "/css/**", "/js/**", "/images/**", "/favicon.ico"};
    /** Pages for owners and admins only (the pages themselves check the stored role again: see CurrentPerson). */
    /** The staff console: the operator's CSMs and RevOps people only; a customer gets 403 in every spelling. */
    static final String[] STAFF_ONLY = {"/staff", "/staff/**"};
    static final String[] MANAGERS_ONLY = {"/team", "/team/**", "/outbox", "/outbox/**", "/settings/tokens", "/settings/tokens/**"};
    // the content security policy: scripts and styles only from this service; inline styles for progress bars
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static boolean apiPrefix(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String folded = path.toLowerCase(Locale.ROOT) + "/";
        return API_PREFIXES.stream().anyMatch(folded::startsWith);
    }

    /** Whether a request is the pages' (and so this chain's) rather than the API's. */
    static boolean isPage(HttpServletRequest request) {
        return !API_SIDE.matches(request);
    }

    @Bean
    @Order(1)
    SecurityFilterChain pageFilterChain(HttpSecurity http, UserDetailsService people, PasswordEncoder passwords,
                                        SecurityContextRepository sessions, DataSource dataSource, Clock clock,
                                        WebAppProperties properties, People everyone) throws Exception {
        DaoAuthenticationProvider passwordCheck = new DaoAuthenticationProvider(people);
        passwordCheck.setPasswordEncoder(passwords);
        return http
                .securityMatcher(new NegatedRequestMatcher(API_SIDE))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers(STAFF_ONLY).hasRole("STAFF")
                        .requestMatchers(MANAGERS_ONLY).hasRole("ADMIN")
                        .anyRequest().authenticated())
                // this chain's own manager, without a parent: nothing but the throttled password check signs a browser in
                .authenticationManager(new ProviderManager(new SignInThrottle(passwordCheck, dataSource, clock, properties)))
                .securityContext(context -> context.securityContextRepository(sessions))
                .addFilterBefore(new SessionRefresh(everyone, sessions), AuthorizationFilter.class)
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .defaultSuccessUrl(HOME, false)
                        .failureHandler((request, response, failure) -> {
                            // the sign-in page says why, and keeps the email that was typed
                            request.getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION, failure);
                            String email = request.getParameter("email");
                            request.getSession().setAttribute(LAST_EMAIL, email == null ? "" : email.substring(0, Math.min(254, email.length())));
                            response.sendRedirect(request.getContextPath() + SIGN_IN + "?error");
                        })
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl(SIGN_OUT)
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("SESSION"))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint())
                        .accessDeniedHandler(accessDenied()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /** Where the signed-in person is kept between requests: the (Spring Session JDBC) HTTP session. */
    @Bean
    SecurityContextRepository pageSecurityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    UserDetailsService signInDetails(People people) {
        return email -> people.forSignIn(email)
                .map(found -> new SignedInUser(found.person(), found.passwordHash(), !found.organizationDisabled()))
                .orElseThrow(() -> new UsernameNotFoundException("no account for that email"));
    }

    private static AuthenticationEntryPoint entryPoint() {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        return (request, response, failure) -> {
            if (request.getHeader("HX-Request") != null) {
                // htmx follows a redirect inside the page; HX-Redirect sends the whole window to sign-in
                response.setHeader("HX-Redirect", SIGN_IN);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            } else if (acceptsHtml(request)) {
                signIn.commence(request, response, failure);
            } else {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setContentType("text/plain;charset=UTF-8");
                response.getWriter().write("Sign in first: " + SIGN_IN + "\n");
            }
        };
    }

    /**
     * Refused by the CSRF check or a role: a signed-out browser is sent to sign-in (its form was stale, or it
     * never had a session); a signed-in person gets the 403 page.
     */
    private static AccessDeniedHandler accessDenied() {
        AuthenticationEntryPoint signIn = entryPoint();
        return (request, response, denied) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser)) {
                signIn.commence(request, response, new InsufficientAuthenticationException("sign in first", denied));
                return;
            }
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        };
    }

    static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }
}
