package io.jitsso.gateway.service;

import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.contracts.reactive.TtlCache;
import io.jitsso.gateway.client.MigrationServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Tenants' user schemas as migration-service keeps them (ADR-32), for mapping federated profiles onto them.
 *
 * <ul>
 * <li>A sign-in reads the schema from memory for {@code jitsso.sign-in.user-schema-cache-ttl} (30 s) after it
 * was loaded. When migration-service cannot answer, the newest schema this replica read for the tenant is used
 * (logged), so a short outage of migration-service does not stop sign-ins; without one the sign-in fails.</li>
 * <li>An admin's change of a connection reads the schema now, never an old copy.</li>
 * <li>Without migration-service ({@code jitsso.migration-service-enabled=false}) there is no schema: see
 * {@link #enabled()}.</li>
 * </ul>
 */
@ApplicationScoped
public class UserSchemas {

    private static final Logger LOG = Logger.getLogger(UserSchemas.class);
    private static final int MAX_TENANTS = 10_000;

    /** A schema and when the read that got it began: of two reads, the one that began later wins. */
    private record Read(UserSchema schema, long beganNanos) {
    }

    private final MigrationServiceClient migrations;
    private final boolean enabled;
    private final TtlCache<String, UserSchema> cache;
    /** The newest schema read per tenant, for when migration-service cannot answer. */
    private final ConcurrentHashMap<String, Read> lastRead = new ConcurrentHashMap<>();

    UserSchemas(MigrationServiceClient migrations, GatewayConfig config) {
        this.migrations = migrations;
        this.enabled = config.migrationServiceEnabled();
        this.cache = new TtlCache<>(config.signIn().userSchemaCacheTtl(), MAX_TENANTS, schema -> true);
    }

    /**
     * Whether tenants have user schemas here: false when migration-service, which keeps them, is not deployed.
     * Custom attributes then pass as their connections map them.
     */
    public boolean enabled() {
        return enabled;
    }

    /** The tenant's schema for a sign-in: from memory while fresh, else read (or the newest one read before). */
    public Uni<UserSchema> forSignIn(String tenantId) {
        return cache.get(tenantId, () -> read(tenantId).onFailure(MigrationServiceClient.SchemaUnavailable.class)
                .recoverWithUni(failure -> {
                    Read last = lastRead.get(tenantId);
                    if (last == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.warnf("sign-ins of tenant %s use the user schema read before: migration-service cannot give it now",
                            tenantId);
                    return Uni.createFrom().item(last.schema());
                }));
    }

    /** The tenant's schema as migration-service has it now. */
    public Uni<UserSchema> current(String tenantId) {
        return read(tenantId);
    }

    private Uni<UserSchema> read(String tenantId) {
        long began = System.nanoTime();
        return migrations.userSchema(tenantId).invoke(schema -> {
            if (lastRead.size() >= MAX_TENANTS && !lastRead.containsKey(tenantId)) {
                // bounded like the cache; a tenant whose copy goes here is read again at its next sign-in
                lastRead.clear();
            }
            lastRead.merge(tenantId, new Read(schema, began),
                    (kept, fresh) -> fresh.beganNanos() - kept.beganNanos() >= 0 ? fresh : kept);
        });
    }
}
