package io.jitsso.session.service;

import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.reactive.OffEventLoop;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks client secrets against their argon2id hashes. argon2id costs ~25 ms of CPU, so after a
 * secret verified once this replica remembers an HMAC of it (under a per-process random key) next
 * to the hash it matched; later requests compare HMACs in constant time. A rotated secret changes
 * the stored hash, which invalidates the memory.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private record Verified(String secretHash, byte[] secretMac) {
    }

    private final AppDirectory apps;
    private final SecretKeySpec macKey = new SecretKeySpec(Secrets.randomBytes(32), "HmacSHA256");
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    ClientAuthenticator(AppDirectory apps) {
        this.apps = apps;
    }

    /** The app when the secret is right; empty for an unknown client or a wrong secret alike. */
    public Uni<Optional<AppView>> authenticate(String tenantId, String clientId, String secret) {
        return apps.find(tenantId, clientId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<AppView>empty());
            }
            AppView app = found.get();
            String key = tenantId + "\n" + clientId;
            byte[] mac = mac(secret);
            Verified known = verified.get(key);
            if (known != null && known.secretHash().equals(app.secretHash())) {
                return Uni.createFrom().item(MessageDigest.isEqual(known.secretMac(), mac) ? found : Optional.empty());
            }
            // CPU-heavy: off the event loop
            return OffEventLoop.compute(() -> Argon2id.verify(app.secretHash(), secret))
                    .map(ok -> {
                        if (!ok) {
                            return Optional.<AppView>empty();
                        }
                        verified.put(key, new Verified(app.secretHash(), mac));
                        return found;
                    });
        });
    }

    public void forget(String tenantId, String clientId) {
        verified.remove(tenantId + "\n" + clientId);
    }

    private byte[] mac(String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(macKey);
            return hmac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
