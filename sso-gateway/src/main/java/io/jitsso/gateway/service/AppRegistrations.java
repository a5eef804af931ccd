package io.jitsso.gateway.service;

import io.jitsso.contracts.reactive.TtlCache;
import io.jitsso.gateway.client.SessionServiceApi;
import io.jitsso.gateway.client.SessionServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Apps' registrations (redirect URIs) for the authorization endpoint, served from memory for
 * {@code jitsso.sign-in.app-cache-ttl} after session-service answered, so a sign-in does not cost an
 * internal HTTP call for a lookup whose answer rarely changes. Only registered apps are remembered:
 * an unknown client id is asked again every time (and cannot fill the memory). session-service
 * checks the client and its redirect URI again, against its own copy, when it issues the code.
 */
@ApplicationScoped
public class AppRegistrations {

    static final int MAX_ENTRIES = 10_000;
    private final BiFunction<String, String, Uni<Optional<SessionServiceApi.AppRegistration>>> lookup;
    private final TtlCache<String, Optional<SessionServiceApi.AppRegistration>> cache;

    @Inject
    AppRegistrations(SessionServiceClient sessions, GatewayConfig config) {
        this(sessions::findApp, config.signIn().appCacheTtl());
    }

    AppRegistrations(BiFunction<String, String, Uni<Optional<SessionServiceApi.AppRegistration>>> lookup, Duration ttl) {
        this.lookup = lookup;
        this.cache = new TtlCache<>(ttl, MAX_ENTRIES, Optional::isPresent);
    }

    /** The app's registration; empty when the tenant has no such app (or no such tenant). */
    public Uni<Optional<SessionServiceApi.AppRegistration>> find(String tenantId, String clientId) {
        return cache.get(tenantId + "\n" + clientId, () -> lookup.apply(tenantId, clientId));
    }
}
