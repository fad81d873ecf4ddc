package com.callimport.oauth;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.Connector;
import com.callimport.connector.OAuthSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/** Spring Security client registrations built from a connector's {@link OAuthSettings} and our configured app. */
@Component
class OAuthClients {
    static final String CALLBACK_PATH = "/oauth/callback";

    private final KnownConnectors connectors;
    private final OAuthProperties properties;

    OAuthClients(KnownConnectors connectors, OAuthProperties properties) {
        this.connectors = connectors;
        this.properties = properties;
    }

    OAuthSettings settings(String platform) {
        Connector connector = connectors.require(platform);
        return connector.oauth().orElseThrow(() -> new IllegalArgumentException("platform: " + connector.displayName()
                + " connects with credentials, not by signing in; use POST /api/connections"));
    }

    String displayName(String platform) {
        return connectors.require(platform).displayName();
    }

    ClientRegistration registration(String platform, AuthorizationGrantType grant) {
        OAuthSettings settings = settings(platform);
        OAuthProperties.Client client = properties.clients().get(platform);
        if (client == null || client.clientId() == null || client.clientId().isBlank()) {
            throw new SignInUnavailable("signing in to " + platform + " is not set up on this service: the operator sets "
                    + "callimport.oauth.clients." + platform + ".client-id and .client-secret");
        }
        return ClientRegistration.withRegistrationId(platform + ":" + grant.getValue())
                .clientId(client.clientId())
                .clientSecret(client.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(grant)
                .redirectUri(redirectUri())
                .authorizationUri((client.authorizationUri() != null ? client.authorizationUri() : settings.authorizationUri()).toString())
                .tokenUri((client.tokenUri() != null ? client.tokenUri() : settings.tokenUri()).toString())
                .scope(settings.scopes())
                .build();
    }

    String redirectUri() {
        return properties.publicUrl().resolve(CALLBACK_PATH).toString();
    }
}
