package io.jitsso.gateway.config;

import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.SamlSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes outside REST endpoints (stored connection settings, outbox events):
 * Quarkus cannot see them at build time, so a native image registers them here (SPEC E3).
 */
@RegisterForReflection(targets = {
        ConnectionSettings.class, ConnectionSettings.RoleRuleSpec.class, ConnectionSettings.AttributeMappingSpec.class,
        SamlSettings.class,
        SignInEvent.class, SignInEvent.Profile.class, SignInEvent.Outcome.class, ConnectionDisconnectedEvent.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
