package io.jitsso.contracts.reactive;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One load per key at a time. Callers that miss a per-replica cache while a load of the same key is
 * running share that load instead of starting their own. Without this, every request that arrives
 * during a reload starts another one: at thousands of token requests per second, the expiry of one
 * tenant's key cache sets off one database read and key decoding per request until the first one
 * ends. A load that fails fails for the callers that shared it; the next caller starts a new one.
 * Each caller goes on on its own Vert.x context, as every pipeline here does (docs/architecture.md,
 * ADR-22).
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, Uni<V>> running = new ConcurrentHashMap<>();

    /** The running load of {@code key}, or a new one from {@code loader}. */
    public Uni<V> load(K key, Supplier<Uni<V>> loader) {
        Uni<V> shared = running.get(key);
        if (shared == null) {
            AtomicReference<Uni<V>> self = new AtomicReference<>();
            Uni<V> created = Uni.createFrom().<V>deferred(loader::get)
                    .onTermination().invoke(() -> running.remove(key, self.get()))
                    .memoize().indefinitely();
            self.set(created);
            Uni<V> raced = running.putIfAbsent(key, created);
            shared = raced == null ? created : raced;
        }
        Context context = Vertx.currentContext();
        return context == null ? shared : shared.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /**
     * Detaches the running load of {@code key}: its callers still get its result, later callers start a new one
     * (after an invalidation, a load that began before it must not answer requests that came after).
     */
    public void forget(K key) {
        running.remove(key);
    }

    /** {@link #forget} for every key that matches. */
    public void forgetIf(Predicate<K> which) {
        running.keySet().removeIf(which);
    }

    /** Loads running now (for tests and metrics). */
    public int running() {
        return running.size();
    }
}
