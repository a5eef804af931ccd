package io.jitsso.gateway.service;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.reactive.TtlCache;
import io.jitsso.gateway.mapping.ClaimPath;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Active connections by id for the sign-in path (every upstream round trip reads one three times),
 * served from memory for a few seconds. Changes made through this replica invalidate at once; other
 * replicas follow within {@code jitsso.sign-in.connection-cache-ttl}.
 */
@ApplicationScoped
public class ConnectionDirectory {

    /** Connection ids are made up by anyone who calls the authorization endpoint: the map stays bounded. */
    static final int MAX_ENTRIES = 10_000;
    /**
     * The shape of every connection id ("conn-" and random base64url): what the authorization endpoint accepts, and
     * all this cache looks up (it keeps unknown ids, but only short ones).
     */
    static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final ConnectionStore store;
    private final KeyEncryptor encryptor;
    /** Missing and disconnected connections too: they answer the same for the TTL. */
    private final TtlCache<String, Optional<LiveConnection>> cache;

    ConnectionDirectory(ConnectionStore store, KeyEncryptor encryptor, GatewayConfig config) {
        this.store = store;
        this.encryptor = encryptor;
        this.cache = new TtlCache<>(config.signIn().connectionCacheTtl(), MAX_ENTRIES, connection -> true);
    }

    /** The connection when it exists and is active; an id of no connection's shape is looked up nowhere. */
    public Uni<Optional<LiveConnection>> active(String connectionId) {
        if (connectionId == null || !ID_SHAPE.matcher(connectionId).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return cache.get(connectionId, () -> store.findById(connectionId)
                .map(found -> found.filter(ConnectionRecord::active).map(this::live)));
    }

    public void invalidate(String connectionId) {
        cache.invalidate(connectionId);
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
