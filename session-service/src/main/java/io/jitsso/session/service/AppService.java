package io.jitsso.session.service;

import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.RequiredRoles;
import io.jitsso.session.persistence.AppEntity;
import io.jitsso.session.persistence.AppRepository;
import io.jitsso.session.persistence.TenantRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** App registrations: create, list, rotate secret, delete. Secrets are shown once and stored as argon2id. */
@ApplicationScoped
public class AppService {

    private final AppRepository apps;
    private final TenantRepository tenants;
    private final AppDirectory directory;
    private final ClientAuthenticator authenticator;

    AppService(AppRepository apps, TenantRepository tenants, AppDirectory directory, ClientAuthenticator authenticator) {
        this.apps = apps;
        this.tenants = tenants;
        this.directory = directory;
        this.authenticator = authenticator;
    }

    /** A registration with its freshly generated secret (the only time the secret is visible). */
    public record AppWithSecret(AppView app, String clientSecret) {
    }

    public Uni<AppWithSecret> create(String tenantId, String clientId, String name, JwsAlgorithm algorithm,
            List<String> redirectUris, RequiredRoles requiredRoles) {
        String id = clientId != null ? clientId : "app-" + Secrets.random(12).toLowerCase().replace('_', 'x').replace('-', 'x');
        List<String> uris = RedirectUris.validate(redirectUris);
        String secret = Secrets.random(32);
        return hash(secret).chain(secretHash -> persist(tenantId, id, name, algorithm, secretHash, uris, requiredRoles))
                .map(app -> new AppWithSecret(app, secret));
    }

    /**
     * Replaces the app's name and redirect URIs, and its required roles with what {@code requiredRoles} makes of the
     * current ones (it may keep them).
     */
    public Uni<AppView> update(String tenantId, String clientId, String name, List<String> redirectUris,
            UnaryOperator<RequiredRoles> requiredRoles) {
        List<String> uris = RedirectUris.validate(redirectUris);
        return Panache.withTransaction(() -> findForUpdate(tenantId, clientId)
                        .invoke(app -> {
                            RequiredRoles required = requiredRoles.apply(AppView.of(app).requiredRoles());
                            app.name = name;
                            app.redirectUris = new java.util.ArrayList<>(uris);
                            store(app, required);
                        })
                        .map(AppView::of))
                .invoke(app -> directory.evict(tenantId, clientId));
    }

    private static void store(AppEntity app, RequiredRoles required) {
        app.requiredRoles = new java.util.ArrayList<>(required.roles());
        app.requiredRolesMode = required.mode().wireName();
    }

    private Uni<AppView> persist(String tenantId, String clientId, String name, JwsAlgorithm algorithm, String secretHash,
            List<String> redirectUris, RequiredRoles requiredRoles) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> requireTenant(tenantId)
                .chain(() -> apps.findByClientId(tenantId, clientId))
                .invoke(existing -> {
                    if (existing != null) {
                        throw new ApiException.Conflict("app " + clientId + " already exists in tenant " + tenantId);
                    }
                })
                .chain(() -> {
                    AppEntity app = new AppEntity();
                    app.id = UUID.randomUUID();
                    app.tenantId = tenantId;
                    app.clientId = clientId;
                    app.name = name;
                    app.secretHash = secretHash;
                    app.signingAlg = algorithm.name();
                    app.createdAt = now;
                    app.secretRotatedAt = now;
                    app.redirectUris = new java.util.ArrayList<>(redirectUris);
                    store(app, requiredRoles);
                    return apps.persist(app);
                })
                .map(AppView::of))
                .invoke(app -> directory.evict(tenantId, clientId));
    }

    @WithSession
    public Uni<List<AppView>> list(String tenantId) {
        return requireTenant(tenantId).chain(() -> apps.listByTenant(tenantId))
                .map(list -> list.stream().map(AppView::of).toList());
    }

    @WithSession
    public Uni<AppView> get(String tenantId, String clientId) {
        return find(tenantId, clientId).map(AppView::of);
    }

    public Uni<AppWithSecret> rotateSecret(String tenantId, String clientId) {
        String secret = Secrets.random(32);
        return hash(secret).chain(secretHash -> storeSecret(tenantId, clientId, secretHash))
                .map(app -> new AppWithSecret(app, secret));
    }

    private Uni<AppView> storeSecret(String tenantId, String clientId, String secretHash) {
        return Panache.withTransaction(() -> findForUpdate(tenantId, clientId)
                .invoke(app -> {
                    app.secretHash = secretHash;
                    app.secretRotatedAt = Instant.now();
                })
                .map(AppView::of))
                .invoke(app -> forget(tenantId, clientId));
    }

    /** Forgotten after the commit: a cache load between the two would otherwise store the app again. */
    public Uni<Void> delete(String tenantId, String clientId) {
        return Panache.withTransaction(() -> find(tenantId, clientId).chain(app -> apps.delete(app)))
                .invoke(() -> forget(tenantId, clientId));
    }

    private void forget(String tenantId, String clientId) {
        directory.evict(tenantId, clientId);
        authenticator.forget(tenantId, clientId);
    }

    private Uni<AppEntity> findForUpdate(String tenantId, String clientId) {
        return apps.findForUpdate(tenantId, clientId)
                .onItem().ifNull().failWith(() -> new ApiException.NotFound("no app " + clientId + " in tenant " + tenantId));
    }

    private Uni<AppEntity> find(String tenantId, String clientId) {
        return apps.findByClientId(tenantId, clientId)
                .onItem().ifNull().failWith(() -> new ApiException.NotFound("no app " + clientId + " in tenant " + tenantId));
    }

    private Uni<Void> requireTenant(String tenantId) {
        return tenants.findById(tenantId)
                .onItem().ifNull().failWith(() -> new ApiException.NotFound("no tenant " + tenantId))
                .replaceWithVoid();
    }

    /** argon2id costs ~25 ms of CPU: computed on a worker thread, before the transaction opens. */
    private static Uni<String> hash(String secret) {
        return OffEventLoop.compute(() -> Argon2id.hash(secret));
    }
}
