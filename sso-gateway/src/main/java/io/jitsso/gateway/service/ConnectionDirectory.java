package io.jitsso.gateway.service;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.reactive.SingleFlight;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active connections by id for the sign-in path (every upstream round trip reads one three times),
 * served from memory for a few seconds. Changes made through this replica invalidate at once; other
 * replicas follow within {@code jitsso.sign-in.connection-cache-ttl}.
 */
@ApplicationScoped
public class ConnectionDirectory {

    private record Cached(Optional<LiveConnection> connection, long loadedAt) {
    }

    private final ConnectionStore store;
    private final KeyEncryptor encryptor;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final SingleFlight<String, Optional<LiveConnection>> loads = new SingleFlight<>();

    ConnectionDirectory(ConnectionStore store, KeyEncryptor encryptor, GatewayConfig config) {
        this.store = store;
        this.encryptor = encryptor;
        this.ttl = config.signIn().connectionCacheTtl();
    }

    /** The connection when it exists and is active. */
    public Uni<Optional<LiveConnection>> active(String connectionId) {
        Cached cached = cache.get(connectionId);
        long now = System.nanoTime();
        if (cached != null && now - cached.loadedAt() < ttl.toNanos()) {
            return Uni.createFrom().item(cached.connection());
        }
        // every request that misses while the connection loads shares that one load (no stampede at expiry)
        return loads.load(connectionId, () -> store.findById(connectionId)
                .map(found -> found.filter(ConnectionRecord::active).map(this::live))
                .invoke(live -> cache.put(connectionId, new Cached(live, now))));
    }

    public void invalidate(String connectionId) {
        cache.remove(connectionId);
    }

    LiveConnection live(ConnectionRecord record) {
        String secret = new String(encryptor.decrypt(record.clientSecret(), secretBinding(record.tenantId(), record.id())),
                StandardCharsets.UTF_8);
        return new LiveConnection(record, secret, ConnectionValidator.roleMapper(record.settings()),
                ConnectionValidator.accessPolicy(record.settings()), ConnectionValidator.attributeMappings(record.settings()),
                roleClaim(record));
    }

    /** Where role values come from: the OIDC role claim, or the SAML roles attribute. */
    private static ClaimPath roleClaim(ConnectionRecord record) {
        if (record.settings().isSaml()) {
            String attribute = record.settings().saml().rolesAttribute();
            return attribute == null ? null : ConnectionValidator.samlAttribute(attribute);
        }
        return record.settings().roleClaim() == null ? null : ClaimPath.parse(record.settings().roleClaim());
    }

    /** Associated data of a connection's encrypted client secret (or SAML SP private key). */
    static String secretBinding(String tenantId, String connectionId) {
        return "connection-secret|" + tenantId + "|" + connectionId;
    }
}
