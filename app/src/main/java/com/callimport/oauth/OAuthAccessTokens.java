package com.callimport.oauth;

import com.callimport.connections.AccessTokens;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.organizations.OrganizationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

/**
 * Refreshes OAuth access tokens shortly before they expire. A PostgreSQL advisory lock per connection
 * turns simultaneous refreshes — several workers, several instances — into one: whoever waits re-reads
 * the credentials and finds them fresh. The new access token and the vendor's rotated refresh token are
 * stored in the same transaction that held the lock, so a rotated token is never lost.
 */
@Component
class OAuthAccessTokens implements AccessTokens {
    static final String REFRESH_TOKEN = "refreshToken";
    static final String EXPIRES_AT = "accessTokenExpiresAt";
    // grants the vendor will never honour again: only reconnecting helps
    private static final Set<String> GRANT_GONE = Set.of("invalid_grant", "invalid_client", "unauthorized_client", "access_denied");

    private final OAuthClients clients;
    private final OAuthProperties properties;
    private final Connections connections;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final RestClientRefreshTokenTokenResponseClient refreshExchange = new RestClientRefreshTokenTokenResponseClient();
    private final RestClientJwtBearerTokenResponseClient jwtExchange = new RestClientJwtBearerTokenResponseClient();

    OAuthAccessTokens(OAuthClients clients, OAuthProperties properties, Connections connections, JdbcClient jdbc,
                      TransactionTemplate transaction, Clock clock) {
        this.clients = clients;
        this.properties = properties;
        this.connections = connections;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    private sealed interface Outcome {
        record Fresh(Credentials credentials) implements Outcome { }
        /** The vendor will not honour the grant again; {@code jwt}: it was the customer's JWT credential it refused. */
        record Gone(String reason, boolean jwt) implements Outcome { }
        record Unreachable(String why, Exception cause) implements Outcome { }
    }

    @Override
    public Credentials current(OrganizationId organization, UUID connectionId, String platform, Credentials stored)
            throws ConnectorException {
        if (isFresh(stored)) {
            return stored;
        }
        return renew(organization, connectionId, platform, this::isFresh);
    }

    @Override
    public Credentials renewRefused(OrganizationId organization, UUID connectionId, String platform, Credentials refused)
            throws ConnectorException {
        String refusedToken = refused.find(Credentials.ACCESS_TOKEN).map(Secret::reveal).orElse("");
        // a token another worker obtained after the refused one is worth a try; the refused one is not
        return renew(organization, connectionId, platform, latest -> isFresh(latest)
                && !latest.require(Credentials.ACCESS_TOKEN).reveal().equals(refusedToken));
    }

    private Credentials renew(OrganizationId organization, UUID connectionId, String platform, Predicate<Credentials> usable)
            throws ConnectorException {
        Outcome outcome = transaction.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(lockKey(connectionId)).query(Object.class).single();
            Credentials latest = connections.credentials(organization, connectionId);
            if (usable.test(latest)) {
                return new Outcome.Fresh(latest);
            }
            boolean refreshing = latest.find(REFRESH_TOKEN).isPresent();
            try {
                return fresh(organization, connectionId, exchange(platform, latest), latest);
            } catch (OAuth2AuthorizationException refused) {
                String code = refused.getError().getErrorCode();
                if (!GRANT_GONE.contains(code)) {
                    return new Outcome.Unreachable(code, refused);
                }
                if (!refreshing || latest.find(Connections.JWT).isEmpty()) {
                    return new Outcome.Gone(reason(refused), !refreshing);
                }
            } catch (RestClientException unreachable) {
                return new Outcome.Unreachable(unreachable.getMessage(), unreachable);
            }
            // the session was revoked, not necessarily the JWT it came from: a new session from the JWT, once
            Credentials jwtOnly = new Credentials(Map.of(Connections.JWT, latest.require(Connections.JWT)));
            try {
                return fresh(organization, connectionId, exchange(platform, jwtOnly), jwtOnly);
            } catch (OAuth2AuthorizationException refused) {
                String code = refused.getError().getErrorCode();
                return GRANT_GONE.contains(code) ? new Outcome.Gone(reason(refused), true) : new Outcome.Unreachable(code, refused);
            } catch (RestClientException unreachable) {
                return new Outcome.Unreachable(unreachable.getMessage(), unreachable);
            }
        });
        return switch (outcome) {
            case Outcome.Fresh fresh -> fresh.credentials();
            case Outcome.Gone gone -> {
                String remediation = gone.jwt() ? jwtRefused(platform, connectionId, gone.reason())
                        : signInGone(platform, connectionId, gone.reason());
                connections.recordHealth(organization, connectionId, ConnectionStatus.NEEDS_ATTENTION, remediation);
                throw new ConnectorException.AuthenticationFailed(remediation);
            }
            case Outcome.Unreachable unreachable -> throw new ConnectorException.TemporarilyUnavailable(
                    platform + "'s token endpoint could not renew the access token for now (" + unreachable.why() + ")",
                    unreachable.cause());
        };
    }

    private Outcome.Fresh fresh(OrganizationId organization, UUID connectionId, OAuth2AccessTokenResponse tokens, Credentials previous) {
        Credentials renewed = credentials(tokens, previous, clock);
        connections.storeCredentials(organization, connectionId, renewed);
        grantExpiry(tokens, clock).ifPresent(expiry -> connections.recordGrantExpiry(organization, connectionId, expiry));
        return new Outcome.Fresh(renewed);
    }

    /**
     * When the grant ends unless renewed: the refresh token's lifetime where the vendor states it
     * ({@code refresh_token_expires_in}, counted from now; a rotating vendor pushes it out on each refresh).
     */
    static java.util.Optional<Instant> grantExpiry(OAuth2AccessTokenResponse tokens, Clock clock) {
        Object seconds = tokens.getAdditionalParameters().get("refresh_token_expires_in");
        if (seconds == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Instant.now(clock).plusSeconds(Long.parseLong(seconds.toString())));
        } catch (NumberFormatException notSeconds) {
            return java.util.Optional.empty();
        }
    }

    /** The vendor's own words (RFC 6749 error_description) when it gave them, else its error code. */
    private static String reason(OAuth2AuthorizationException refused) {
        String description = refused.getError().getDescription();
        return description == null || description.isBlank() ? refused.getError().getErrorCode()
                : description + " (" + refused.getError().getErrorCode() + ")";
    }

    private String jwtRefused(String platform, UUID connectionId, String reason) {
        String vendor = clients.displayName(platform);
        return vendor + " refused the JWT credential of this connection: " + reason + ". Create a new JWT credential for our app "
                + "in " + vendor + "'s developer console and save it with PUT /api/connections/" + connectionId
                + "/credentials {\"credentials\":{\"jwt\":\"…\"}}; sync resumes from where it stopped.";
    }

    private String signInGone(String platform, UUID connectionId, String reason) {
        String vendor = clients.displayName(platform);
        boolean jwtAccepted = clients.settings(platform).jwtBearerGrant();
        return "The " + vendor + " sign-in of this connection was revoked or has expired (" + reason + "). Reconnect it: POST "
                + "/api/connections/" + connectionId + "/oauth gives a new sign-in link"
                + (jwtAccepted ? ", or save a JWT credential created for our app with PUT /api/connections/" + connectionId
                + "/credentials" : "") + "; sync resumes from where it stopped.";
    }

    private OAuth2AccessTokenResponse exchange(String platform, Credentials latest) {
        OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                latest.find(Credentials.ACCESS_TOKEN).map(Secret::reveal).orElse("none"), null, null);
        if (latest.find(REFRESH_TOKEN).isPresent()) {
            return refreshExchange.getTokenResponse(new OAuth2RefreshTokenGrantRequest(
                    clients.registration(platform, AuthorizationGrantType.REFRESH_TOKEN), expired,
                    new OAuth2RefreshToken(latest.require(REFRESH_TOKEN).reveal(), null)));
        }
        Secret assertion = latest.require(Connections.JWT);
        Jwt jwt = Jwt.withTokenValue(assertion.reveal()).header("typ", "JWT").claim("sub", "connection").build();
        return jwtExchange.getTokenResponse(new JwtBearerGrantRequest(
                clients.registration(platform, AuthorizationGrantType.JWT_BEARER), jwt));
    }

    private boolean isFresh(Credentials credentials) {
        if (credentials.find(Credentials.ACCESS_TOKEN).isEmpty()) {
            return false;
        }
        return credentials.find(EXPIRES_AT)
                .map(expiry -> Instant.parse(expiry.reveal()).minus(properties.refreshAhead()).isAfter(Instant.now(clock)))
                .orElse(true);
    }

    /** The credentials to store from a token response: the new access token, and the rotated refresh token if any. */
    static Credentials credentials(OAuth2AccessTokenResponse tokens, Credentials previous, Clock clock) {
        Map<String, Secret> values = new LinkedHashMap<>();
        if (previous != null) {
            previous.find(Connections.JWT).ifPresent(jwt -> values.put(Connections.JWT, jwt));
            previous.find(REFRESH_TOKEN).ifPresent(refresh -> values.put(REFRESH_TOKEN, refresh));
            previous.find(Credentials.TOKEN_OWNER).ifPresent(owner -> values.put(Credentials.TOKEN_OWNER, owner));
        }
        Object owner = tokens.getAdditionalParameters().get("owner_id");
        if (owner != null) {
            values.put(Credentials.TOKEN_OWNER, Secret.of(owner.toString()));
        }
        values.put(Credentials.ACCESS_TOKEN, Secret.of(tokens.getAccessToken().getTokenValue()));
        OAuth2AccessToken access = tokens.getAccessToken();
        if (access.getExpiresAt() != null) {
            // Spring dates the token by the system clock; ours (injected) decides when it comes due
            Duration lifetime = access.getIssuedAt() == null ? Duration.between(Instant.now(), access.getExpiresAt())
                    : Duration.between(access.getIssuedAt(), access.getExpiresAt());
            values.put(EXPIRES_AT, Secret.of(Instant.now(clock).plus(lifetime).toString()));
        }
        if (tokens.getRefreshToken() != null) {
            values.put(REFRESH_TOKEN, Secret.of(tokens.getRefreshToken().getTokenValue()));
        }
        return new Credentials(values);
    }

    private static long lockKey(UUID connectionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("oauth-refresh:" + connectionId).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
