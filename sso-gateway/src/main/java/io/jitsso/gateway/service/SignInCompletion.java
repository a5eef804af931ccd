package io.jitsso.gateway.service;

import io.jitsso.gateway.client.MigrationServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.mapping.UpstreamIdentity;
import io.jitsso.gateway.persistence.MigrationConnectionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a verified upstream sign-in ends, whatever the protocol: in federation ({@link SignInService}),
 * or, for a connection a migration source claimed, in migration ({@link MigrationHandoff}). A claim is
 * never withdrawn while the connection exists, so a claimed connection is remembered for good; an
 * unclaimed one is re-checked after the connection cache's lifetime. A claimed connection's sign-in
 * starts only while its migration source is active, asked of migration-service at every start (a
 * source is retired once, and the next start must know).
 */
@ApplicationScoped
public class SignInCompletion {

    private final SignInService federation;
    private final MigrationHandoff migration;
    private final MigrationConnectionStore claims;
    private final MigrationServiceClient migrations;
    private final long recheckNanos;
    /** Connection id to the time (nanos) it was last seen unclaimed; {@link Long#MAX_VALUE} once claimed. */
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    SignInCompletion(SignInService federation, MigrationHandoff migration, MigrationConnectionStore claims,
            MigrationServiceClient migrations, GatewayConfig config) {
        this.federation = federation;
        this.migration = migration;
        this.claims = claims;
        this.migrations = migrations;
        this.recheckNanos = config.signIn().connectionCacheTtl().toNanos();
    }

    /** @param clientAddress the browser's address (ADR-29), for the sign-in's event; null when unknown */
    public Uni<SignInOutcome> complete(PendingRequest request, LiveConnection connection, UpstreamIdentity identity,
            String clientAddress) {
        return endsInMigration(connection.id()).chain(migrating -> migrating
                ? migration.complete(request, connection, identity, clientAddress)
                : federation.complete(request, connection, identity, clientAddress));
    }

    /**
     * Before the browser leaves for the upstream: a connection that ends in migration sends nobody to
     * the legacy IdP once its source is retired (or if none names it), where they would sign in only to
     * be refused afterwards; the failure is the page the handoff would have shown.
     */
    public Uni<Void> checkStartable(String tenantId, String connectionId) {
        return endsInMigration(connectionId).chain(migrating -> migrating
                ? migrations.checkActive(tenantId, connectionId)
                : Uni.createFrom().voidItem());
    }

    /** Called when a migration source claims the connection: its next sign-in already ends in migration. */
    public Uni<Boolean> claim(String tenantId, String connectionId) {
        return claims.claim(tenantId, connectionId, Instant.now()).invoke(claimed -> {
            if (claimed) {
                seen.put(connectionId, Long.MAX_VALUE);
            }
        });
    }

    private Uni<Boolean> endsInMigration(String connectionId) {
        Long last = seen.get(connectionId);
        long now = System.nanoTime();
        if (last != null && (last == Long.MAX_VALUE || now - last < recheckNanos)) {
            return Uni.createFrom().item(last == Long.MAX_VALUE);
        }
        return claims.claimed(connectionId).invoke(claimed -> seen.put(connectionId, claimed ? Long.MAX_VALUE : now));
    }
}
