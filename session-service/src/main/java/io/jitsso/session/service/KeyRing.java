package io.jitsso.session.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.session.crypto.SigningMaterial;
import io.jitsso.session.persistence.SigningKeyEntity;
import io.jitsso.session.persistence.SigningKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.jitsso.contracts.reactive.TtlCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Each tenant's signing keys: one active key per algorithm signs; retired keys stay published (and
 * verifiable) until every token they signed has expired. Keys are cached per replica for
 * {@code jitsso.keys.cache-ttl}; a token with an unknown kid triggers one early reload (at most
 * once a second per tenant), so a rotation on another replica is picked up at once.
 */
@ApplicationScoped
public class KeyRing {

    private static final TypeReference<LinkedHashMap<String, String>> JWK_TYPE = new TypeReference<>() {
    };
    private static final long MIN_RELOAD_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_TENANTS = 100_000;

    private final SigningKeyRepository repository;
    private final ObjectMapper json;
    private final KeyEncryptor encryptor;
    private final SessionConfig config;
    /** Unknown tenants are not kept: random names must not fill it. */
    private final TtlCache<String, TenantKeys> cache;

    KeyRing(SigningKeyRepository repository, ObjectMapper json, SessionConfig config, KeyEncryptor encryptor) {
        this.repository = repository;
        this.json = json;
        this.config = config;
        this.encryptor = encryptor;
        this.cache = new TtlCache<>(config.keys().cacheTtl(), MAX_TENANTS, keys -> !keys.byKid().isEmpty());
    }

    /** A tenant's keys as loaded at one moment. */
    public record TenantKeys(
            String tenantId, Map<JwsAlgorithm, SigningMaterial> active, Map<String, SigningMaterial> byKid,
            List<Map<String, String>> jwks, long loadedAtNanos) {
    }

    /**
     * New keys for every algorithm, persisted in the caller's transaction. A new tenant has nothing cached (tenants
     * without keys are never kept); a rotation's caller evicts after its commit ({@link #evict}).
     */
    public Uni<Void> createKeys(String tenantId, Instant now) {
        List<SigningKeyEntity> keys = new ArrayList<>();
        for (JwsAlgorithm algorithm : JwsAlgorithm.values()) {
            keys.add(newKey(tenantId, algorithm, now));
        }
        return repository.persist(keys);
    }

    /**
     * Replaces the active keys; the old ones stay published for the longest token lifetime plus a
     * margin. Runs in the caller's transaction, which evicts the tenant's keys after it commits: an eviction
     * before, a load between it and the commit would store the old keys again.
     */
    public Uni<List<String>> rotate(String tenantId, Instant now) {
        Instant publishUntil = now.plus(longestTokenLifetime()).plus(Duration.ofMinutes(5));
        return repository.listActive(tenantId)
                .invoke(active -> active.forEach(key -> {
                    key.state = SigningKeyEntity.RETIRED;
                    key.retiredAt = now;
                    key.publishUntil = publishUntil;
                }))
                .chain(() -> createKeys(tenantId, now))
                .chain(() -> repository.listActive(tenantId))
                .map(active -> active.stream().map(key -> key.kid).toList());
    }

    /** The tenant's keys, from cache while fresh. */
    public Uni<TenantKeys> keys(String tenantId) {
        return cache.get(tenantId, () -> load(tenantId));
    }

    /** The verification key for a kid, reloading once if the kid is unknown (rotation elsewhere). */
    public Uni<SigningMaterial> verificationKey(String tenantId, String kid) {
        return keys(tenantId).chain(keys -> {
            SigningMaterial key = keys.byKid().get(kid);
            if (key != null || System.nanoTime() - keys.loadedAtNanos() < MIN_RELOAD_NANOS) {
                return Uni.createFrom().item(key);
            }
            return cache.reload(tenantId, () -> load(tenantId)).map(reloaded -> reloaded.byKid().get(kid));
        });
    }

    /** The tenant's keys read from the database now (for verifiers that keep their own cache). */
    public Uni<TenantKeys> fresh(String tenantId) {
        return load(tenantId);
    }

    public void evict(String tenantId) {
        cache.invalidate(tenantId);
    }

    private Uni<TenantKeys> load(String tenantId) {
        Instant now = Instant.now();
        return Panache.withSession(() -> repository.listPublished(tenantId, now))
                .map(entities -> toTenantKeys(tenantId, entities));
    }

    private TenantKeys toTenantKeys(String tenantId, List<SigningKeyEntity> entities) {
        Map<JwsAlgorithm, SigningMaterial> active = new EnumMap<>(JwsAlgorithm.class);
        Map<String, SigningMaterial> byKid = new LinkedHashMap<>();
        List<Map<String, String>> jwks = new ArrayList<>();
        for (SigningKeyEntity entity : entities) {
            JwsAlgorithm algorithm = JwsAlgorithm.fromName(entity.alg);
            Map<String, String> publicJwk = readJwk(entity.publicJwk);
            byte[] privateKey = SigningKeyEntity.ACTIVE.equals(entity.state)
                    ? encryptor.decrypt(entity.privateKey, associatedData(tenantId, entity.kid))
                    : null;
            SigningMaterial material = SigningMaterial.restore(algorithm, entity.kid, privateKey, publicJwk);
            byKid.put(entity.kid, material);
            if (privateKey != null) {
                active.putIfAbsent(algorithm, material);
            }
            Map<String, String> jwk = new LinkedHashMap<>(publicJwk);
            jwk.put("kid", entity.kid);
            jwk.put("alg", algorithm.name());
            jwk.put("use", "sig");
            jwks.add(jwk);
        }
        return new TenantKeys(tenantId, active, byKid, List.copyOf(jwks), System.nanoTime());
    }

    private SigningKeyEntity newKey(String tenantId, JwsAlgorithm algorithm, Instant now) {
        String kid = algorithm.name().toLowerCase() + "-" + Secrets.random(12);
        SigningMaterial material = SigningMaterial.generate(algorithm, kid);
        SigningKeyEntity entity = new SigningKeyEntity();
        entity.kid = kid;
        entity.tenantId = tenantId;
        entity.alg = algorithm.name();
        entity.publicJwk = writeJwk(material.publicJwk());
        entity.privateKey = encryptor.encrypt(material.privateKeyBytes(), associatedData(tenantId, kid));
        entity.state = SigningKeyEntity.ACTIVE;
        entity.createdAt = now;
        return entity;
    }

    /** Of every token the tenant's keys sign: access and ID tokens, and the break-glass admin's (15 min). */
    private Duration longestTokenLifetime() {
        return Stream.of(config.tokens().accessTokenLifetime(), config.tokens().idTokenLifetime(),
                config.breakGlass().tokenLifetime()).max(Duration::compareTo).orElseThrow();
    }

    private static String associatedData(String tenantId, String kid) {
        return tenantId + "|" + kid;
    }

    private Map<String, String> readJwk(String value) {
        try {
            return json.readValue(value, JWK_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JWK is unreadable", e);
        }
    }

    private String writeJwk(Map<String, String> jwk) {
        try {
            return json.writeValueAsString(jwk);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JWK not serializable", e);
        }
    }
}
