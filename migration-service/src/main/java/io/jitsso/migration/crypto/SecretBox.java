package io.jitsso.migration.crypto;

import io.jitsso.contracts.crypto.KeyEncryptor;

import io.jitsso.migration.config.MigrationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The service's one encryptor for secrets at rest, keyed by {@code jitsso.keys.master-key}. */
@ApplicationScoped
public class SecretBox {

    @Produces
    @ApplicationScoped
    KeyEncryptor encryptor(MigrationConfig config) {
        return new KeyEncryptor(config.keys().masterKey());
    }
}
