package io.jitsso.gateway.service;

import java.net.URI;

/** What the browser does after a sign-in request was accepted or refused. */
public sealed interface SignInStart {

    /**
     * Go to the upstream IdP of the connection: for OIDC to the authorization request that quarkus-oidc
     * builds for the connection's tenant ({@code location} is null), for SAML straight to
     * {@code location}, the IdP's SSO URL with the AuthnRequest; {@code handle}
     * binds the browser to its pending authorization request until the callback or assertion
     * consumer.
     */
    record ToUpstream(String connectionId, String handle, boolean saml, URI location) implements SignInStart {
    }

    /** An OAuth error for the app, delivered to its (validated) redirect URI. */
    record ErrorToApp(URI location) implements SignInStart {
    }
}
