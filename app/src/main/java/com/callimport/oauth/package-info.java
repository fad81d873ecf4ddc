/**
 * OAuth 2.0 for platforms a customer connects by signing in: the authorization-code flow with PKCE and
 * a CSRF state, the JWT-bearer grant, and token refresh that rotating refresh tokens survive — all on
 * Spring Security's OAuth 2.0 client, with tokens sealed in the credential vault.
 */
package com.callimport.oauth;
