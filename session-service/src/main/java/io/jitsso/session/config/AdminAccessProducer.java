package io.jitsso.session.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.admin.KeySource;
import io.jitsso.session.service.AdminTokenStanding;
import io.jitsso.session.service.KeyRing;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The admin API's access decision. This service holds the keys itself: they come from the key ring
 * (the database), published exactly as the JWKS endpoint publishes them, and it owns the sessions and
 * break-glass accounts that admin tokens stand on (ADR-28).
 */
public class AdminAccessProducer {

    @Produces
    @Singleton
    AdminAccess adminAccess(SessionConfig config, KeyRing keyRing, ObjectMapper json, AdminTokenStanding standing) {
        KeySource keys = tenantId -> keyRing.fresh(tenantId).map(loaded -> {
            try {
                return json.writeValueAsString(Map.of("keys", loaded.jwks()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("JWKS not serializable", e);
            }
        });
        return new AdminAccess(config.operatorToken(), config.issuerBaseUrl(), config.adminPortal().clientId(), keys,
                config.adminPortal().keysCacheTtl(), standing, config.adminPortal().sessionCheckTtl());
    }
}
