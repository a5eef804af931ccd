package io.jitsso.gateway.service;

import java.net.URI;

/** What the browser does after a sign-in request was accepted or refused. */
public sealed interface SignInStart {

    /**
     * Go to the upstream IdP of the connection (through the OIDC callback path's challenge, or the
     * SAML start path); {@code handle} binds the browser to its pending authorization request until
     * the callback or assertion consumer.
     */
    record ToUpstream(String connectionId, String handle, boolean saml) implements SignInStart {
    }

    /** An OAuth error for the app, delivered to its (validated) redirect URI. */
    record ErrorToApp(URI location) implements SignInStart {
    }
}
