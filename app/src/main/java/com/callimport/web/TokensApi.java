package com.callimport.web;

import com.callimport.organizations.ApiTokens;
import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organization's own API tokens: several, each named; listed with when they were last used; revoked at
 * once; rotated with an overlap so clients switch without downtime. A token's value is shown once, when
 * it is issued.
 */
@RestController
@RequestMapping("/api/tokens")
class TokensApi {
    private final ApiTokens tokens;
    private final Clock clock;

    TokensApi(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** @param expiresAt when the token stops working; none for a token that lasts until revoked */
    record NewToken(String name, Instant expiresAt) {
    }

    /** @param overlap how long the replaced token keeps working (ISO-8601, default PT24H, at most P30D) */
    record Rotation(Duration overlap) {
    }

    record TokenView(UUID id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt,
                     boolean active) {
        static TokenView of(ApiTokens.ApiToken token, Instant now) {
            return new TokenView(token.id(), token.name(), token.createdAt(), token.lastUsedAt(), token.expiresAt(),
                    token.revokedAt(), token.activeAt(now));
        }
    }

    /** The new token's value is in {@code token}, shown this once; only its hash is stored. */
    record IssuedTokenView(TokenView apiToken, String token) {
        static IssuedTokenView of(ApiTokens.Issued issued, Instant now) {
            return new IssuedTokenView(TokenView.of(issued.token(), now), issued.value());
        }
    }

    @GetMapping
    List<TokenView> list(OrganizationId organization) {
        Instant now = Instant.now(clock);
        return tokens.list(organization).stream().map(token -> TokenView.of(token, now)).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedTokenView issue(OrganizationId organization, @RequestBody NewToken request) {
        return IssuedTokenView.of(tokens.issue(organization, request.name(), request.expiresAt()), Instant.now(clock));
    }

    @GetMapping("/{id}")
    TokenView get(OrganizationId organization, @PathVariable UUID id) {
        return TokenView.of(tokens.get(organization, id), Instant.now(clock));
    }

    /** Stops the token on every instance from the next request on. */
    @DeleteMapping("/{id}")
    TokenView revoke(OrganizationId organization, @PathVariable UUID id) {
        return TokenView.of(tokens.revoke(organization, id), Instant.now(clock));
    }

    @PostMapping("/{id}/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedTokenView rotate(OrganizationId organization, @PathVariable UUID id, @RequestBody(required = false) Rotation request) {
        return IssuedTokenView.of(tokens.rotate(organization, id, request == null ? null : request.overlap()), Instant.now(clock));
    }
}
