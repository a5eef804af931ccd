package io.jitsso.contracts.reactive;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A per-replica cache whose entries are served for a fixed time after they were loaded (docs/security.md lists
 * each one and what its time allows). Each key loads once at a time ({@link SingleFlight}): requests that miss
 * while a load runs share it.
 *
 * <ul>
 * <li><b>Bounded:</b> at {@code maxEntries} the whole map is dropped before the next entry goes in, so keys an
 * attacker makes up (unknown client ids, connection ids) cannot grow it.</li>
 * <li><b>What is kept</b> is the caller's choice ({@code keep}): an answer that must not be remembered (an
 * unknown tenant) is loaded every time.</li>
 * <li><b>Invalidation wins over a running load:</b> after {@link #invalidate}, new requests start a new load
 * instead of sharing one that began before, and a load that began before any invalidation does not store its
 * answer, which may predate the change.</li>
 * </ul>
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long loadedAtNanos) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final Predicate<V> keep;
    private final LongSupplier clock;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final SingleFlight<K, V> loads = new SingleFlight<>();
    /** Counts invalidations: a load stores its answer only if none happened since it began. */
    private final AtomicLong invalidations = new AtomicLong();

    /** {@code ttl} zero or negative: nothing is kept, loads are still shared. */
    public TtlCache(Duration ttl, int maxEntries, Predicate<V> keep) {
        this(ttl, maxEntries, keep, System::nanoTime);
    }

    TtlCache(Duration ttl, int maxEntries, Predicate<V> keep, LongSupplier clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.keep = keep;
        this.clock = clock;
    }

    /** The value of {@code key}: from memory while fresh, else from {@code loader} (or the load running). */
    public Uni<V> get(K key, Supplier<Uni<V>> loader) {
        Entry<V> entry = entries.get(key);
        if (entry != null && clock.getAsLong() - entry.loadedAtNanos() < ttlNanos) {
            return Uni.createFrom().item(entry.value());
        }
        return reload(key, loader);
    }

    /** The value of {@code key} loaded now, or by the load running now, whatever memory holds. */
    public Uni<V> reload(K key, Supplier<Uni<V>> loader) {
        return loads.load(key, () -> {
            long began = clock.getAsLong();
            long generation = invalidations.get();
            return loader.get().invoke(value -> store(key, value, began, generation));
        });
    }

    private void store(K key, V value, long began, long generation) {
        if (ttlNanos <= 0 || !keep.test(value)) {
            entries.remove(key);
            return;
        }
        if (invalidations.get() != generation) {
            return;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.clear();
        }
        Entry<V> stored = new Entry<>(value, began);
        entries.put(key, stored);
        if (invalidations.get() != generation) {
            // an invalidation ran between the check and the put: take back what may be stale
            entries.remove(key, stored);
        }
    }

    /** Forgets {@code key}: the next request loads it again, without sharing a load that began before. */
    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.remove(key);
        loads.forget(key);
    }

    /** {@link #invalidate} for every key that matches (a tenant's apps, say). */
    public void invalidateIf(Predicate<K> which) {
        invalidations.incrementAndGet();
        entries.keySet().removeIf(which);
        loads.forgetIf(which);
    }

    /** Entries held now, fresh or not (for tests and metrics). */
    public int size() {
        return entries.size();
    }
}
