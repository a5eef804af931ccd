package io.jitsso.gateway.service;

import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.gateway.client.MetadataClient;
import io.jitsso.gateway.client.MigrationServiceClient;
import io.jitsso.gateway.client.SessionServiceClient;
import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.gateway.messaging.GatewayEventRelay;
import io.jitsso.gateway.persistence.ConnectionAudit;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.jitsso.gateway.persistence.MigrationConnectionStore;
import io.jitsso.gateway.persistence.Outbox;
import io.jitsso.gateway.protocol.saml.SpKeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Connection administration (SPEC A1-A4, A8, A9): validated settings, encrypted client secrets,
 * login URLs whose key is shown once, and disconnect/reconnect with their side effects.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);
    /** 256-bit login URL keys. */
    private static final int LOGIN_KEY_BYTES = 32;

    private final ConnectionStore store;
    private final KeyEncryptor encryptor;
    private final SessionServiceClient sessions;
    private final Outbox outbox;
    private final ConnectionDirectory directory;
    private final GatewayEventRelay relay;
    private final String publicBaseUrl;
    private final MetadataClient metadata;
    private final ConnectionAudit audit;
    private final UserSchemas schemas;
    private final MigrationConnectionStore claims;

    ConnectionService(ConnectionStore store, KeyEncryptor encryptor, SessionServiceClient sessions, Outbox outbox,
            ConnectionDirectory directory, GatewayEventRelay relay, MetadataClient metadata, GatewayConfig config,
            ConnectionAudit audit, UserSchemas schemas, MigrationConnectionStore claims) {
        this.schemas = schemas;
        this.claims = claims;
        this.metadata = metadata;
        this.audit = audit;
        this.relay = relay;
        this.store = store;
        this.encryptor = encryptor;
        this.sessions = sessions;
        this.outbox = outbox;
        this.directory = directory;
        this.publicBaseUrl = stripSlash(config.publicBaseUrl());
    }

    /** A connection and, right after create or reconnect, its login URL (never retrievable later). */
    public record Saved(ConnectionRecord connection, String loginUrl) {
    }

    /** A disconnected connection and how many live sessions it had. */
    public record Disconnected(ConnectionRecord connection, int revokedSessions) {
    }

    public Uni<Saved> create(String tenantId, ConnectionDraft draft, AdminActor actor) {
        String id = "conn-" + Secrets.random(12);
        String key = Secrets.random(LOGIN_KEY_BYTES);
        Instant now = Instant.now();
        return withFetchedMetadata(draft)
                .map(resolved -> ConnectionValidator.validate(resolved, true))
                .call(valid -> checkApp(tenantId, valid.settings()))
                .call(valid -> checkSchema(tenantId, valid.settings()))
                .chain(valid -> withCredential(tenantId, id, valid))
                .chain(credentialed -> {
                    ConnectionRecord record = new ConnectionRecord(id, tenantId,
                            credentialed.settings().isSaml() ? ConnectionValidator.SAML : ConnectionValidator.OIDC,
                            ConnectionRecord.Status.ACTIVE, credentialed.settings(), credentialed.secret(), 1, now, now);
                    return store.pool().withTransaction(sql -> store.insert(sql, record, Secrets.sha256(key))
                            .call(() -> audit(sql, tenantId, actor, "connection.created", id, now))).replaceWith(record);
                })
                .invoke(record -> LOG.infof("connection %s created in tenant %s", id, tenantId))
                .map(record -> new Saved(record, loginUrl(tenantId, key)));
    }

    public Uni<List<ConnectionRecord>> list(String tenantId) {
        return store.list(tenantId);
    }

    public Uni<ConnectionRecord> get(String tenantId, String id) {
        return store.find(tenantId, id).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    public Uni<ConnectionRecord> update(String tenantId, String id, ConnectionDraft draft, AdminActor actor) {
        return withFetchedMetadata(draft)
                .map(resolved -> ConnectionValidator.validate(resolved, false))
                .chain(valid -> update(tenantId, id, valid, actor));
    }

    private Uni<ConnectionRecord> update(String tenantId, String id, ConnectionValidator.Validated valid, AdminActor actor) {
        Instant now = Instant.now();
        return get(tenantId, id)
                .invoke(existing -> checkSameProtocol(existing, valid.settings()))
                .call(existing -> checkApp(tenantId, valid.settings()))
                .call(existing -> claims.claimed(id).chain(claimed -> claimed ? Uni.createFrom().voidItem()
                        : checkSchema(tenantId, valid.settings())))
                .chain(existing -> store.pool().withTransaction(sql -> store.updateSettings(sql, tenantId, id,
                                keepSpCertificate(existing, valid.settings()),
                                valid.clientSecret() == null ? existing.clientSecret()
                                        : encryptSecret(tenantId, id, valid.clientSecret()),
                                now)
                        .call(updated -> updated.isEmpty() ? Uni.createFrom().voidItem()
                                : audit(sql, tenantId, actor, "connection.updated", id, now))))
                .map(updated -> updated.orElseThrow(() -> notFound(id)))
                .invoke(updated -> directory.invalidate(id));
    }

    /**
     * Disconnects (SPEC A9): the login URL stops working at once, a disconnect event goes out through
     * the outbox in the same transaction (provisioning downgrades the connection's users), and every
     * session opened through the connection is revoked. Repeating it is harmless and retries the
     * revocation.
     */
    public Uni<Disconnected> disconnect(String tenantId, String id, AdminActor actor) {
        Instant now = Instant.now();
        return store.pool().withTransaction(sql -> store.changeStatus(sql, tenantId, id,
                                ConnectionRecord.Status.DISCONNECTED, null, now)
                        .map(found -> found.orElseThrow(() -> notFound(id)))
                        .call(transition -> transition.previous() == ConnectionRecord.Status.ACTIVE
                                ? outbox.append(sql, new ConnectionDisconnectedEvent(ConnectionDisconnectedEvent.SCHEMA_VERSION,
                                        UUID.randomUUID().toString(), tenantId, id, now, transition.current().version()))
                                : Uni.createFrom().voidItem())
                        // a repeated disconnect retries the revocation, and is on record like the first
                        .call(() -> audit(sql, tenantId, actor, "connection.disconnected", id, now)))
                .invoke(transition -> {
                    directory.invalidate(id);
                    relay.nudge();
                })
                .chain(transition -> sessions.revokeConnection(tenantId, id)
                        .invoke(revoked -> LOG.infof("connection %s of tenant %s disconnected, %d sessions revoked", id,
                                tenantId, revoked))
                        .map(revoked -> new Disconnected(transition.current(), revoked)));
    }

    /**
     * Deletes a connection: first everything a disconnect does (sessions revoked, users downgraded
     * through the disconnect event, login URL dead), then the connection, its accounts and pending
     * requests are removed. The tenant's audit (provisioning-service) and the connection audit
     * (ADR-31: a disconnect, then a delete) stay. A connection cannot come back after this: a new one
     * gets a new id, and its users new accounts.
     */
    public Uni<Disconnected> delete(String tenantId, String id, AdminActor actor) {
        // the disconnect commits (and is audited) on its own: if the removal then fails, what did happen is on record
        return disconnect(tenantId, id, actor)
                .call(disconnected -> store.pool().withTransaction(sql -> store.delete(sql, tenantId, id)
                        .call(deleted -> deleted ? audit(sql, tenantId, actor, "connection.deleted", id, Instant.now())
                                : Uni.createFrom().voidItem())))
                .invoke(disconnected -> {
                    directory.invalidate(id);
                    LOG.infof("connection %s of tenant %s deleted", id, tenantId);
                });
    }

    /** Reconnects (SPEC A9) with a new login URL; the previous URL stays dead. Also rotates an active key. */
    public Uni<Saved> reconnect(String tenantId, String id, AdminActor actor) {
        String key = Secrets.random(LOGIN_KEY_BYTES);
        Instant now = Instant.now();
        return store.pool().withTransaction(sql -> store.changeStatus(sql, tenantId, id, ConnectionRecord.Status.ACTIVE,
                                Secrets.sha256(key), now)
                        .call(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                                : audit(sql, tenantId, actor, "connection.reconnected", id, now)))
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .invoke(transition -> directory.invalidate(id))
                .map(transition -> new Saved(transition.current(), loginUrl(tenantId, key)));
    }

    /** The change in the tenant's connection audit (ADR-31), on the change's transaction. */
    private Uni<Void> audit(io.vertx.mutiny.sqlclient.SqlClient sql, String tenantId, AdminActor actor, String action,
            String id, Instant now) {
        return audit.record(sql, tenantId, actor.name(), action, id, actor.clientAddress(), now);
    }

    public Uni<List<ConnectionAudit.Entry>> auditTrail(String tenantId, Long before, int limit) {
        return audit.list(tenantId, before, limit);
    }

    /** Where the connection's admin registers the gateway at the upstream IdP. */
    public String upstreamRedirectUri(String connectionId) {
        return publicBaseUrl + "/oidc/" + connectionId + "/callback";
    }

    /** The SP endpoints of a SAML connection, to register at the IdP. */
    public SamlEndpoints samlEndpoints(String connectionId) {
        return SamlEndpoints.of(publicBaseUrl, connectionId);
    }

    /**
     * A SAML draft that names a metadata URL gets the document fetched from it now (https, or http on
     * the loopback host); the IdP settings are then taken from it like from pasted metadata XML.
     */
    private Uni<ConnectionDraft> withFetchedMetadata(ConnectionDraft draft) {
        if (draft == null || !ConnectionValidator.SAML.equals(draft.protocol()) || draft.saml() == null
                || draft.saml().metadataUrl() == null) {
            return Uni.createFrom().item(draft);
        }
        String url = draft.saml().metadataUrl();
        String problem = draft.saml().metadataXml() != null ? "give either metadata_xml or metadata_url, not both"
                : ConnectionValidator.urlProblem(url, true);
        if (problem != null) {
            return Uni.createFrom().failure(ApiException.BadRequest.field("saml.metadata_url", problem));
        }
        return metadata.fetch(url)
                .onFailure(IllegalArgumentException.class)
                .transform(e -> ApiException.BadRequest.field("saml.metadata_url", e.getMessage()))
                .map(xml -> draft.withSaml(draft.saml().withFetchedMetadata(xml)));
    }

    /** Validated settings with the encrypted upstream credential that goes with them. */
    private record Credentialed(ConnectionSettings settings, byte[] secret) {
    }

    /**
     * An OIDC connection brings its client secret; a SAML connection gets its own SP key pair,
     * generated off the event loop (RSA key generation takes a noticeable fraction of a second).
     */
    private Uni<Credentialed> withCredential(String tenantId, String id, ConnectionValidator.Validated valid) {
        if (!valid.settings().isSaml()) {
            return Uni.createFrom().item(new Credentialed(valid.settings(), encryptSecret(tenantId, id, valid.clientSecret())));
        }
        return OffEventLoop.compute(() -> SpKeys.generate(samlEndpoints(id).entityId()))
                .map(keys -> new Credentialed(
                        valid.settings().withSaml(valid.settings().saml().withSpCertificate(keys.certificatePem())),
                        encryptSecret(tenantId, id, keys.privateKeyPkcs8())));
    }

    private static void checkSameProtocol(ConnectionRecord existing, ConnectionSettings settings) {
        if (existing.settings().isSaml() != settings.isSaml()) {
            throw ApiException.BadRequest.field("protocol", "a connection keeps its protocol (" + existing.protocol() + ")");
        }
    }

    /** The SP key pair is the connection's own: an update of a SAML connection keeps it. */
    private static ConnectionSettings keepSpCertificate(ConnectionRecord existing, ConnectionSettings settings) {
        return settings.isSaml() ? settings.withSaml(settings.saml().withSpCertificate(existing.settings().saml().spCertificate()))
                : settings;
    }

    /**
     * A connection whose sign-ins end in federation maps custom attributes of the tenant's user schema, and every
     * attribute the schema requires: a name the schema does not have would be left out of every sign-in, and a
     * required attribute left unmapped would refuse every sign-in (ADR-32). A connection a migration source
     * claimed is not checked: its attributes are the source profile that source maps, and that mapping is checked
     * with it. Without migration-service there is no schema to check against.
     */
    private Uni<Void> checkSchema(String tenantId, ConnectionSettings settings) {
        if (!schemas.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String> custom = settings.attributeMappings() == null || settings.attributeMappings().custom() == null
                ? Map.of() : settings.attributeMappings().custom();
        return schemas.current(tenantId)
                .onFailure(MigrationServiceClient.SchemaUnavailable.class).transform(failure ->
                        new ApiException.ServiceUnavailable("the tenant's user schema cannot be read from migration-service"
                                + " just now, so the connection's attribute mappings cannot be checked; try again in a moment"))
                .invoke(schema -> {
                    List<ApiException.FieldError> errors = schema.misfits(custom.keySet(), "attribute_mappings.custom.");
                    if (!errors.isEmpty()) {
                        throw ApiException.BadRequest.fields(errors);
                    }
                })
                .replaceWithVoid();
    }

    /** The login URL must end at a real redirect URI of a real app of the tenant. */
    private Uni<Void> checkApp(String tenantId, ConnectionSettings settings) {
        return sessions.findApp(tenantId, settings.appClientId()).invoke(found -> {
            if (found.isEmpty()) {
                throw ApiException.BadRequest.field("app_client_id", "no such app in this tenant");
            }
            if (found.get().redirectUris() == null || !found.get().redirectUris().contains(settings.appRedirectUri())) {
                throw ApiException.BadRequest.field("app_redirect_uri", "not a registered redirect URI of the app");
            }
        }).replaceWithVoid();
    }

    private byte[] encryptSecret(String tenantId, String id, String secret) {
        return encryptor.encrypt(secret.getBytes(StandardCharsets.UTF_8), ConnectionDirectory.secretBinding(tenantId, id));
    }

    private String loginUrl(String tenantId, String key) {
        return publicBaseUrl + "/login/" + tenantId + "/" + key;
    }

    private static ApiException.NotFound notFound(String id) {
        return new ApiException.NotFound("no connection " + id + " in this tenant");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
