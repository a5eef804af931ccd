package io.jitsso.migration.config;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problem;
import io.jitsso.contracts.events.MigrationEvent;
import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.migration.api.MigrationConnectionResource;
import io.jitsso.migration.api.PasswordRegistrationResource;
import io.jitsso.migration.api.RedirectMigrationResource;
import io.jitsso.migration.api.SignInResource;
import io.jitsso.migration.client.GatewayClient;
import io.jitsso.migration.client.SessionServiceClient;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes that Quarkus cannot find at build time, registered for a native image
 * (SPEC E3, docs/architecture.md ADR-17): bodies built into a {@code Response}, the exception mappers'
 * bodies, session-service's API as our own ObjectMapper writes and reads it over the Vert.x web client,
 * and the events (and the stored profile) written to the outbox. Types named in REST method signatures
 * Quarkus registers itself; NativeImageReadinessTest names every JSON type that neither covers.
 */
@RegisterForReflection(targets = {
        SignInResource.SignInResponse.class, PasswordRegistrationResource.RegistrationResponse.class,
        RedirectMigrationResource.HandoffResponse.class, MigrationConnectionResource.MigrationConnectionState.class,
        Problem.class, ApiException.FieldError.class,
        SessionServiceClient.OpenSessionForApp.class, SessionServiceClient.SignedIn.class,
        SessionServiceClient.AppTokens.class, GatewayClient.ConnectionMapping.class,
        SignInEvent.class, MigrationEvent.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
