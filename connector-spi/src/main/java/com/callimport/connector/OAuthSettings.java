package com.callimport.connector;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How a platform's OAuth 2.0 works, declared by its connector so that the engine can run the
 * authorization-code flow (with PKCE where the vendor supports it), the JWT-bearer grant and token
 * refresh on a standard OAuth client. Our app's client id and secret are the engine's configuration,
 * never the connector's.
 *
 * @param authorizationUri where the customer's admin signs in and consents
 * @param tokenUri         where codes, refresh tokens and JWT assertions are exchanged for access tokens
 * @param scopes           the scopes an import needs; empty when the vendor grants app-level permissions
 * @param pkce             whether the vendor supports PKCE (S256)
 * @param jwtBearerGrant   whether a customer may instead paste a JWT credential created for our app, exchanged
 *                         with the {@code urn:ietf:params:oauth:grant-type:jwt-bearer} grant
 * @param rotatesRefreshTokens whether each refresh returns a new refresh token and voids the old one
 */
public record OAuthSettings(URI authorizationUri, URI tokenUri, List<String> scopes, boolean pkce, boolean jwtBearerGrant,
                            boolean rotatesRefreshTokens) {
    public OAuthSettings {
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        scopes = List.copyOf(scopes);
    }
}
