package io.jitsso.gateway.config;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problem;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.Outbox;
import io.jitsso.gateway.persistence.SamlSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes outside REST method signatures (stored connection settings, outbox
 * events, the exception mappers' bodies): Quarkus cannot see them at build time, so a native image
 * registers them here (SPEC E3, docs/architecture.md ADR-17); NativeImageReadinessTest names every JSON
 * type that neither this nor Quarkus covers.
 */
@RegisterForReflection(targets = {
        ConnectionSettings.class, ConnectionSettings.RoleRuleSpec.class, ConnectionSettings.AttributeMappingSpec.class,
        SamlSettings.class,
        SignInEvent.class, SignInEvent.Profile.class, SignInEvent.Outcome.class, Outbox.WithoutAccount.class,
        ConnectionDisconnectedEvent.class,
        Problem.class, ApiException.FieldError.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
