package com.callimport.web;

import com.callimport.organizations.ApiTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, enforced by Spring Security's filter chain for every request, whatever its spelling:
 * the chain's firewall refuses encoded, doubled and dot-segment paths before anything routes them, and its
 * matchers see the same decoded path the dispatcher routes. Everything needs a credential unless listed
 * here as public; the roles are:
 * <ul>
 *   <li>{@code ORGANIZATION}: an organization's API token, on {@code /api/**} (except the admin API);
 *   <li>{@code OPERATOR}: the bootstrap token, on {@code /api/admin/**} and the actuator;
 *   <li>{@code METRICS}: the metrics token, on the actuator only (what a Prometheus scraper holds).
 * </ul>
 * See docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
// the vault commands start the application without a web server, and so without a filter chain to build
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurity {
    static final String ORGANIZATION = "organization";
    static final String TOKEN = "token";
    private static final Logger securityLog = LoggerFactory.getLogger("callimport.security");

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http, OpaqueTokenIntrospector tokens, JsonMapper json) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        // Spring's own forwards to /error after a controller has already run under the chain
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyRole("OPERATOR", "METRICS")
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        // the vendor's call: authenticated by the subscription's own token, see webhooks/WebhookInbox
                        .requestMatchers(HttpMethod.POST, "/webhooks/*").permitAll()
                        // a vendor's delivery to our app's one address: authenticated by its signature, see webhooks/WebhookInbox
                        .requestMatchers(HttpMethod.POST, "/webhooks/apps/*").permitAll()
                        // a payment provider's delivery: authenticated by its signature, see payments/PaymentProvider#receive
                        .requestMatchers(HttpMethod.POST, "/webhooks/payments/*").permitAll()
                        // the customer's browser back from a vendor's sign-in: the single-use state stands for the organization
                        .requestMatchers(HttpMethod.GET, "/oauth/callback").permitAll()
                        .requestMatchers("/api/admin", "/api/admin/**").hasRole("OPERATOR")
                        .requestMatchers("/api/**").hasRole("ORGANIZATION")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .opaqueToken(opaque -> opaque.introspector(tokens))
                        .authenticationEntryPoint((request, response, failure) -> unauthorized(json, request, response, failure))
                        .accessDeniedHandler((request, response, denied) -> {
                            new BearerTokenAccessDeniedHandler().handle(request, response, denied);
                            problem(json, response, HttpStatus.FORBIDDEN, request.getRequestURI().startsWith("/api/admin")
                                    || request.getRequestURI().startsWith("/actuator")
                                    ? "this needs the operator's credential, not an organization's API token"
                                    : "this needs an organization's API token; the operator's credential does not act for an organization");
                        }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, failure) -> unauthorized(json, request, response, failure)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no cookie ever authenticates a request here, so there is no cross-site request to forge
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }

    /** A path the firewall refuses (encoded slash or dot, a semicolon, a doubled slash, …) is a 400 in words. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return (request, response, rejected) -> {
            securityLog.warn("Refused a request whose address is not in plain form: {}", rejected.getMessage());
            problem(json, response, HttpStatus.BAD_REQUEST, "this address is not in a form the service accepts; "
                    + "send the path without encoded, doubled or dot segments and without ';' parameters");
        };
    }

    @Bean
    OpaqueTokenIntrospector apiTokenIntrospector(ApiTokens apiTokens,
                                                 @Value("${callimport.bootstrap-token:}") String operatorToken,
                                                 @Value("${callimport.metrics-token:}") String metricsToken) {
        return presented -> {
            if (matches(presented, operatorToken)) {
                return principal("operator", Map.of(), "ROLE_OPERATOR");
            }
            if (matches(presented, metricsToken)) {
                return principal("metrics", Map.of(), "ROLE_METRICS");
            }
            try {
                ApiTokens.Holder holder = apiTokens.authenticate(presented)
                        .orElseThrow(() -> new BadOpaqueTokenException("that API token is not valid; ask your administrator for a new one"));
                return principal(holder.tokenId().toString(),
                        Map.of(ORGANIZATION, holder.organization(), TOKEN, holder.tokenId()), "ROLE_ORGANIZATION");
            } catch (ApiTokens.TokenRefused refused) {
                throw new BadOpaqueTokenException(refused.getMessage());
            }
        };
    }

    /** The authenticated API token's attributes, for {@link CurrentOrganization}. */
    static Map<String, Object> attributes(org.springframework.security.core.Authentication authentication) {
        if (authentication instanceof BearerTokenAuthentication bearer
                && bearer.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal) {
            return principal.getAttributes();
        }
        return Map.of();
    }

    private static OAuth2AuthenticatedPrincipal principal(String name, Map<String, Object> attributes, String role) {
        // the principal needs one attribute at least; "sub" names who is calling
        Map<String, Object> withSubject = new java.util.HashMap<>(attributes);
        withSubject.put("sub", name);
        return new DefaultOAuth2AuthenticatedPrincipal(name, withSubject, AuthorityUtils.createAuthorityList(role));
    }

    private static boolean matches(String presented, String configured) {
        return !configured.isBlank() && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                configured.getBytes(StandardCharsets.UTF_8));
    }

    private static void unauthorized(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
                                     AuthenticationException failure) throws IOException {
        // the standard WWW-Authenticate header (RFC 6750) first, then a body that says what to send
        new BearerTokenAuthenticationEntryPoint().commence(request, response, failure);
        String path = request.getRequestURI();
        String credential = path.startsWith("/api/admin") || path.startsWith("/actuator")
                ? "the operator's credential" : "your organization's API token";
        String detail = failure instanceof InsufficientAuthenticationException
                ? "send " + credential + " as 'Authorization: Bearer <token>'"
                : failure.getCause() instanceof BadOpaqueTokenException bad ? bad.getMessage()
                : "that credential is not valid; send " + credential + " as 'Authorization: Bearer <token>'";
        problem(json, response, HttpStatus.UNAUTHORIZED, detail);
    }

    private static void problem(JsonMapper json, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json.writeValueAsString(ProblemDetail.forStatusAndDetail(status, detail)));
    }
}
