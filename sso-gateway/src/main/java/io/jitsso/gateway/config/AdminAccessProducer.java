package io.jitsso.gateway.config;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.admin.HttpKeySource;
import io.jitsso.contracts.admin.HttpTokenStatus;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The admin API's access decision, with tenants' keys read from session-service's JWKS and whether a
 * token's session still stands from its internal API (ADR-28).
 */
public class AdminAccessProducer {

    @Produces
    @Singleton
    AdminAccess adminAccess(GatewayConfig config, Vertx vertx) {
        return new AdminAccess(config.operatorToken(), config.issuerBaseUrl().orElse(config.sessionServiceUrl()),
                config.adminPortal().clientId(), new HttpKeySource(vertx, config.sessionServiceUrl()),
                config.adminPortal().keysCacheTtl(),
                new HttpTokenStatus(vertx, config.sessionServiceUrl(), config.internalToken()),
                config.adminPortal().sessionCheckTtl());
    }
}
