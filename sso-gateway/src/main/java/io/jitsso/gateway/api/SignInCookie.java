package io.jitsso.gateway.api;

import io.jitsso.gateway.protocol.oidc.ConnectionTenantResolver;
import io.jitsso.gateway.service.SamlEndpoints;
import jakarta.ws.rs.core.NewCookie;

/**
 * The browser's handle on its pending sign-in, scoped to the connection's callback path
 * ({@code /oidc/<id>/} or {@code /saml/<id>/}): HttpOnly, Secure when the gateway is served over
 * https. OIDC: SameSite=Lax (it must come back on the upstream's top-level redirect). SAML: the
 * IdP's answer is a cross-site form POST, which Lax cookies do not follow, so over https it is
 * SameSite=None (the AuthnRequest ID, the RelayState and the response's signature protect that
 * POST); over plain http (local development, where SameSite=None cookies are refused) it stays Lax.
 */
final class SignInCookie {

    static final String NAME = "jitsso_signin";

    private SignInCookie() {
    }

    static NewCookie set(String connectionId, String handle, int maxAgeSeconds, boolean secure) {
        return cookie(ConnectionTenantResolver.PATH_PREFIX, connectionId, handle, maxAgeSeconds, secure, false);
    }

    static NewCookie clear(String connectionId, boolean secure) {
        return cookie(ConnectionTenantResolver.PATH_PREFIX, connectionId, "", 0, secure, false);
    }

    static NewCookie setSaml(String connectionId, String handle, int maxAgeSeconds, boolean secure) {
        return cookie(SamlEndpoints.PATH_PREFIX, connectionId, handle, maxAgeSeconds, secure, true);
    }

    static NewCookie clearSaml(String connectionId, boolean secure) {
        return cookie(SamlEndpoints.PATH_PREFIX, connectionId, "", 0, secure, true);
    }

    private static NewCookie cookie(String prefix, String connectionId, String value, int maxAge, boolean secure,
            boolean crossSitePost) {
        return new NewCookie.Builder(NAME)
                .value(value)
                .path(prefix + connectionId + "/")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secure)
                .sameSite(crossSitePost && secure ? NewCookie.SameSite.NONE : NewCookie.SameSite.LAX)
                .build();
    }
}
