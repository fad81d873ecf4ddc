package com.callimport.oauth;

import com.callimport.connections.Connection;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connector.Credentials;
import com.callimport.connector.OAuthSettings;
import com.callimport.organizations.OrganizationId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization-code flow: hands out the vendor's sign-in URL with a single-use random state (our
 * CSRF check) and a PKCE challenge where the vendor supports it, then, when the vendor redirects back,
 * checks the state, exchanges the code and creates the connection, or renews an existing one's tokens
 * (self-service re-authentication).
 */
@Component
public class OAuthSignIns {
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final OAuthClients clients;
    private final OAuthProperties properties;
    private final Connections connections;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final RestClientAuthorizationCodeTokenResponseClient codeExchange = new RestClientAuthorizationCodeTokenResponseClient();

    OAuthSignIns(JdbcClient jdbc, OAuthClients clients, OAuthProperties properties, Connections connections, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.properties = properties;
        this.connections = connections;
        this.json = json;
        this.clock = clock;
    }

    /** Whether customers can connect the platform by signing in here: it signs in, and the operator set up our app for it. */
    public boolean available(String platform) {
        try {
            clients.registration(platform, AuthorizationGrantType.AUTHORIZATION_CODE);
            return true;
        } catch (SignInUnavailable | IllegalArgumentException unavailable) {
            return false;
        }
    }

    /** Where to send the customer's browser, and until when the link works. */
    public record SignInLink(String authorizationUrl, Instant expiresAt) {
    }

    /** Starts a sign-in that creates a new connection once the customer consents. */
    @Transactional
    public SignInLink start(OrganizationId organization, String platform, String name, Map<String, String> settings) {
        return start(organization, platform, name, settings, null);
    }

    /**
     * As {@link #start(OrganizationId, String, String, Map)}, for a sign-in started from a page: once connected, the browser
     * goes back to {@code returnTo}, a path of this service in which {@code {connection}} stands for the connection's id.
     */
    @Transactional
    public SignInLink start(OrganizationId organization, String platform, String name, Map<String, String> settings, String returnTo) {
        Connections.Described described = connections.describe(platform, name, settings);
        return begin(organization, platform, Optional.empty(), described.name(), described.settings(), returnTo);
    }

    /** Starts a sign-in that renews an existing connection's tokens, e.g. after its grant was revoked. */
    @Transactional
    public SignInLink reconnect(OrganizationId organization, UUID connectionId) {
        return reconnect(organization, connectionId, null);
    }

    /** As {@link #reconnect(OrganizationId, UUID)}, sending the browser back to {@code returnTo} afterwards. */
    @Transactional
    public SignInLink reconnect(OrganizationId organization, UUID connectionId, String returnTo) {
        Connection connection = connections.get(organization, connectionId);
        return begin(organization, connection.platform(), Optional.of(connectionId), connection.name(), connection.settings(), returnTo);
    }

    private SignInLink begin(OrganizationId organization, String platform, Optional<UUID> connectionId, String name,
                             Map<String, String> settings, String returnTo) {
        if (returnTo != null && !(returnTo.startsWith("/") && !returnTo.startsWith("//") && returnTo.matches("[A-Za-z0-9/{}_-]+"))) {
            throw new IllegalArgumentException("returnTo: a path of this service such as /settings/integrations/dialer");
        }
        OAuthSettings vendor = clients.settings(platform);
        ClientRegistration registration = clients.registration(platform, AuthorizationGrantType.AUTHORIZATION_CODE);
        byte[] stateBytes = new byte[32];
        random.nextBytes(stateBytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(stateBytes);
        OAuth2AuthorizationRequest.Builder builder = authorizationRequest(registration, state, Map.of());
        if (vendor.pkce()) {
            OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
        }
        OAuth2AuthorizationRequest request = builder.build();
        Instant now = Instant.now(clock);
        Instant expires = now.plus(properties.signInTime());
        jdbc.sql("""
                INSERT INTO oauth_sign_ins (state, organization_id, platform, connection_id, connection_name, settings, code_verifier,
                    redirect_uri, created_at, expires_at, return_to)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""")
                .params(state, organization.value(), platform, connectionId.orElse(null), name, json.writeValueAsString(settings),
                        request.getAttribute(PkceParameterNames.CODE_VERIFIER), registration.getRedirectUri(),
                        now.atOffset(ZoneOffset.UTC), expires.atOffset(ZoneOffset.UTC), returnTo)
                .update();
        return new SignInLink(request.getAuthorizationRequestUri(), expires);
    }

    /**
     * A completed sign-in: the connection, and the page of this service to send the browser to, if the sign-in was started
     * from one.
     */
    public record SignedIn(Connection connection, Optional<String> returnTo) {
    }

    /**
     * Completes a sign-in from the vendor's redirect. The state is consumed whatever happens, so a
     * replayed redirect finds nothing.
     *
     * @throws SignInFailed when the state is unknown or expired, the customer declined, or the vendor refused the code
     */
    @Transactional(noRollbackFor = SignInFailed.class)
    public SignedIn complete(String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank()) {
            throw new SignInFailed("the sign-in came back without its state; start connecting again from the beginning");
        }
        record Pending(UUID organization, String platform, UUID connectionId, String name, String settings, String verifier,
                       String redirectUri, Instant expiresAt, String returnTo) { }
        Pending pending = jdbc.sql("DELETE FROM oauth_sign_ins WHERE state = ? RETURNING *")
                .param(state)
                .query((rs, row) -> new Pending(rs.getObject("organization_id", UUID.class), rs.getString("platform"),
                        rs.getObject("connection_id", UUID.class), rs.getString("connection_name"), rs.getString("settings"),
                        rs.getString("code_verifier"), rs.getString("redirect_uri"), rs.getTimestamp("expires_at").toInstant(),
                        rs.getString("return_to")))
                .optional()
                .orElseThrow(() -> new SignInFailed("this sign-in link is not one we issued, or it was already used; "
                        + "start connecting again from the beginning"));
        if (Instant.now(clock).isAfter(pending.expiresAt())) {
            throw new SignInFailed("this sign-in took longer than " + properties.signInTime().toMinutes()
                    + " minutes and expired; start connecting again");
        }
        if (error != null) {
            throw new SignInFailed(error.equals("access_denied")
                    ? "consent was declined in " + pending.platform() + ", so nothing was connected; sign in again and allow access"
                    : pending.platform() + " refused the sign-in (" + error + (errorDescription == null ? "" : ": " + errorDescription)
                    + "); sign in as an account administrator and allow every permission asked for");
        }
        if (code == null || code.isBlank()) {
            throw new SignInFailed("the sign-in came back without an authorization code; start connecting again");
        }
        ClientRegistration registration = clients.registration(pending.platform(), AuthorizationGrantType.AUTHORIZATION_CODE);
        Map<String, Object> attributes = new HashMap<>();
        if (pending.verifier() != null) {
            attributes.put(PkceParameterNames.CODE_VERIFIER, pending.verifier());
        }
        OAuth2AuthorizationRequest request = authorizationRequest(registration, state, attributes).build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(pending.redirectUri()).state(state).build();
        OAuth2AccessTokenResponse tokens;
        try {
            tokens = codeExchange.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration,
                    new OAuth2AuthorizationExchange(request, response)));
        } catch (OAuth2AuthorizationException refused) {
            throw new SignInFailed(pending.platform() + " did not accept the sign-in (" + refused.getError().getErrorCode()
                    + "); start connecting again");
        }
        Credentials credentials = OAuthAccessTokens.credentials(tokens, null, clock);
        OrganizationId organization = new OrganizationId(pending.organization());
        Connection connection;
        if (pending.connectionId() != null) {
            connections.storeCredentials(organization, pending.connectionId(), credentials);
            connections.recordHealth(organization, pending.connectionId(), ConnectionStatus.ACTIVE, null);
            connection = connections.get(organization, pending.connectionId());
        } else {
            connection = connections.createSignedIn(organization, pending.platform(), pending.name(), credentials,
                    json.readValue(pending.settings(), STRING_MAP));
        }
        connections.recordGrantExpiry(organization, connection.id(), OAuthAccessTokens.grantExpiry(tokens, clock).orElse(null));
        return new SignedIn(connection, Optional.ofNullable(pending.returnTo())
                .map(path -> path.replace("{connection}", connection.id().toString())));
    }

    private static OAuth2AuthorizationRequest.Builder authorizationRequest(ClientRegistration registration, String state,
                                                                          Map<String, Object> attributes) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId())
                .redirectUri(registration.getRedirectUri())
                .scopes(registration.getScopes())
                .state(state)
                .attributes(existing -> existing.putAll(attributes));
    }
}
