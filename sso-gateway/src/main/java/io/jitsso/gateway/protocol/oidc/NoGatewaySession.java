package io.jitsso.gateway.protocol.oidc;

import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The gateway keeps no session of its own: the IdP session lives in session-service. quarkus-oidc
 * still writes a session cookie at the end of a code flow; this state manager stores nothing in it,
 * and nothing can ever authenticate from it, so every sign-in goes to the upstream again. The
 * callback also deletes the cookie. quarkus-oidc encrypts the tokens before it hands them to a
 * custom state manager unless the tenant config says encryption is not required: the connections'
 * configs say so ({@link ConnectionTenantResolver}), as there is nothing stored to protect; the
 * encryption was about 7 % of the gateway's CPU per sign-in, in AES-GCM, for tokens dropped here.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class NoGatewaySession implements TokenStateManager {

    static final String NOTHING = "none";

    @Override
    public Uni<String> createTokenState(RoutingContext routingContext, OidcTenantConfig oidcConfig,
            AuthorizationCodeTokens tokens, OidcRequestContext<String> requestContext) {
        return Uni.createFrom().item(NOTHING);
    }

    @Override
    public Uni<AuthorizationCodeTokens> getTokens(RoutingContext routingContext, OidcTenantConfig oidcConfig,
            String tokenState, OidcRequestContext<AuthorizationCodeTokens> requestContext) {
        return Uni.createFrom().failure(new AuthenticationFailedException("the gateway keeps no sessions"));
    }

    @Override
    public Uni<Void> deleteTokens(RoutingContext routingContext, OidcTenantConfig oidcConfig, String tokenState,
            OidcRequestContext<Void> requestContext) {
        return Uni.createFrom().voidItem();
    }
}
