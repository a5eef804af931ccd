package io.jitsso.gateway.api;

import io.jitsso.gateway.protocol.oidc.ConnectionTenantResolver;
import jakarta.ws.rs.core.NewCookie;

/**
 * The browser's handle on its pending sign-in, scoped to the connection's callback path:
 * HttpOnly, SameSite=Lax (it must come back on the upstream's top-level redirect), Secure when the
 * gateway is served over https.
 */
final class SignInCookie {

    static final String NAME = "jitsso_signin";

    private SignInCookie() {
    }

    static NewCookie set(String connectionId, String handle, int maxAgeSeconds, boolean secure) {
        return cookie(connectionId, handle, maxAgeSeconds, secure);
    }

    static NewCookie clear(String connectionId, boolean secure) {
        return cookie(connectionId, "", 0, secure);
    }

    private static NewCookie cookie(String connectionId, String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(NAME)
                .value(value)
                .path(ConnectionTenantResolver.PATH_PREFIX + connectionId + "/")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secure)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
