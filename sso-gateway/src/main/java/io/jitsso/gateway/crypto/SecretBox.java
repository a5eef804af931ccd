package io.jitsso.gateway.crypto;

import io.jitsso.contracts.crypto.KeyEncryptor;

import io.jitsso.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The service's one encryptor for secrets at rest, keyed by {@code jitsso.keys.master-key}. */
@ApplicationScoped
public class SecretBox {

    @Produces
    @ApplicationScoped
    KeyEncryptor encryptor(GatewayConfig config) {
        return new KeyEncryptor(config.keys().masterKey());
    }
}
