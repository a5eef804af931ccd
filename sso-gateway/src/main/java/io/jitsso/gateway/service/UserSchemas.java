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
 * was loaded. When migration-service cannot answer, the last schema this replica read for the tenant is used
 * (logged), so a short outage of migration-service does not stop sign-ins; without one the sign-in fails.</li>
 * <li>An admin's change of a connection reads the schema now, never an old copy.</li>
 * </ul>
 */
@ApplicationScoped
public class UserSchemas {

    private static final Logger LOG = Logger.getLogger(UserSchemas.class);
    private static final int MAX_TENANTS = 10_000;

    private final MigrationServiceClient migrations;
    private final TtlCache<String, UserSchema> cache;
    /** The last schema read per tenant, for when migration-service cannot answer. */
    private final ConcurrentHashMap<String, UserSchema> lastRead = new ConcurrentHashMap<>();

    UserSchemas(MigrationServiceClient migrations, GatewayConfig config) {
        this.migrations = migrations;
        this.cache = new TtlCache<>(config.signIn().userSchemaCacheTtl(), MAX_TENANTS, schema -> true);
    }

    /** The tenant's schema for a sign-in: from memory while fresh, else read (or the last one read). */
    public Uni<UserSchema> forSignIn(String tenantId) {
        return cache.get(tenantId, () -> read(tenantId).onFailure(MigrationServiceClient.SchemaUnavailable.class)
                .recoverWithUni(failure -> {
                    UserSchema last = lastRead.get(tenantId);
                    if (last == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.warnf("sign-ins of tenant %s use the user schema read before: migration-service cannot give it now",
                            tenantId);
                    return Uni.createFrom().item(last);
                }));
    }

    /** The tenant's schema as migration-service has it now. */
    public Uni<UserSchema> current(String tenantId) {
        return read(tenantId);
    }

    private Uni<UserSchema> read(String tenantId) {
        return migrations.userSchema(tenantId).invoke(schema -> {
            if (lastRead.size() >= MAX_TENANTS && !lastRead.containsKey(tenantId)) {
                lastRead.clear();
            }
            lastRead.put(tenantId, schema);
        });
    }
}
