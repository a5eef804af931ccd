package io.jitsso.session.config;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problem;
import io.jitsso.contracts.events.SessionEvent;
import io.jitsso.session.api.BreakGlassResource;
import io.jitsso.session.api.DiscoveryResource;
import io.jitsso.session.api.InternalSessionResource;
import io.jitsso.session.api.SilentAuthResource;
import io.jitsso.session.api.TokenResource;
import io.jitsso.session.error.OAuthError;
import io.jitsso.session.persistence.Outbox;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes that Quarkus cannot find at build time, registered for a native image
 * (SPEC E3, docs/architecture.md ADR-17): bodies built into a {@code Response} (discovery, JWKS, tokens,
 * the internal API's answers), the exception mappers' bodies, and the session events written to the
 * outbox. Types named in REST method signatures Quarkus registers itself; NativeImageReadinessTest
 * names every JSON type that neither covers.
 */
@RegisterForReflection(targets = {
        DiscoveryResource.ProviderMetadata.class, DiscoveryResource.Jwks.class, TokenResource.TokenResponse.class,
        SilentAuthResource.SilentAuthResponse.class, BreakGlassResource.TokenResponse.class,
        InternalSessionResource.OpenedSession.class, InternalSessionResource.SessionWithTokens.class,
        Problem.class, ApiException.FieldError.class, OAuthError.class,
        SessionEvent.class, Outbox.WithoutSession.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
