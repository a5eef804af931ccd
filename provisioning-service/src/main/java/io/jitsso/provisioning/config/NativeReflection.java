package io.jitsso.provisioning.config;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson writes that Quarkus cannot find at build time, registered for a native image (SPEC E3,
 * docs/architecture.md ADR-17): the exception mappers' bodies. The events this service reads and writes
 * are registered by ProvisioningConsumer, the audit details by their own annotation; types named in REST
 * method signatures Quarkus registers itself. NativeImageReadinessTest names every JSON type none covers.
 */
@RegisterForReflection(targets = {Problem.class, ApiException.FieldError.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
