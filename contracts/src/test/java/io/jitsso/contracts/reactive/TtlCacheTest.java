package io.jitsso.contracts.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Fresh entries from memory, expiry, what is kept, the bound, and invalidation against a running load. */
class TtlCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger loads = new AtomicInteger();

    private TtlCache<String, Optional<String>> cache(Duration ttl, int maxEntries) {
        return new TtlCache<>(ttl, maxEntries, Optional::isPresent, now::get);
    }

    private Supplier<Uni<Optional<String>>> loader(String value) {
        return () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(Optional.ofNullable(value));
        };
    }

    @Test
    void aFreshEntryComesFromMemoryAndAnExpiredOneIsLoadedAgain() {
        TtlCache<String, Optional<String>> cache = cache(Duration.ofSeconds(5), 100);
        assertEquals(Optional.of("v1"), cache.get("k", loader("v1")).await().atMost(WAIT));
        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertEquals(Optional.of("v1"), cache.get("k", loader("v2")).await().atMost(WAIT));
        assertEquals(1, loads.get(), "served from memory within the TTL");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(Optional.of("v2"), cache.get("k", loader("v2")).await().atMost(WAIT));
        assertEquals(2, loads.get(), "loaded again at the TTL");
    }

    @Test
    void anAnswerTheCallerDoesNotKeepIsLoadedEveryTime() {
        TtlCache<String, Optional<String>> cache = cache(Duration.ofSeconds(5), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), cache.get("unknown", loader(null)).await().atMost(WAIT));
        }
        assertEquals(3, loads.get());
        assertEquals(0, cache.size());
    }

    @Test
    void aZeroTtlKeepsNothing() {
        TtlCache<String, Optional<String>> cache = cache(Duration.ZERO, 100);
        cache.get("k", loader("v")).await().atMost(WAIT);
        cache.get("k", loader("v")).await().atMost(WAIT);
        assertEquals(2, loads.get());
        assertEquals(0, cache.size());
    }

    @Test
    void madeUpKeysCannotGrowItPastItsBound() {
        TtlCache<String, Optional<String>> cache = cache(Duration.ofMinutes(1), 10);
        for (int i = 0; i < 1_000; i++) {
            cache.get("made-up-" + i, loader("v")).await().atMost(WAIT);
            assertTrue(cache.size() <= 10, () -> "holds " + cache.size());
        }
    }

    @Test
    void aLoadThatBeganBeforeAnInvalidationIsNeitherSharedNorStored() throws Exception {
        TtlCache<String, Optional<String>> cache = cache(Duration.ofMinutes(1), 100);
        CompletableFuture<Optional<String>> slowRead = new CompletableFuture<>();
        CompletableFuture<Optional<String>> before = cache.get("app", () -> {
            loads.incrementAndGet();
            return Uni.createFrom().completionStage(slowRead);
        }).subscribeAsCompletionStage().toCompletableFuture();
        // the secret rotates while the first read is still running
        cache.invalidate("app");
        assertEquals(Optional.of("rotated"), cache.get("app", loader("rotated")).await().atMost(WAIT),
                "a request after the invalidation does not share the read that began before it");
        slowRead.complete(Optional.of("old"));
        assertEquals(Optional.of("old"), before.get(5, TimeUnit.SECONDS),
                "the request that began before gets its own read's answer");
        assertEquals(Optional.of("rotated"), cache.get("app", loader("never")).await().atMost(WAIT),
                "the old read's answer was not stored over the new one");
        assertEquals(2, loads.get());
    }

    @Test
    void invalidatingByPredicateDropsOnlyTheMatchingKeys() {
        TtlCache<String, Optional<String>> cache = cache(Duration.ofMinutes(1), 100);
        cache.get("t1\na", loader("a")).await().atMost(WAIT);
        cache.get("t1\nb", loader("b")).await().atMost(WAIT);
        cache.get("t2\na", loader("c")).await().atMost(WAIT);
        cache.invalidateIf(key -> key.startsWith("t1\n"));
        assertEquals(1, cache.size());
        assertEquals(Optional.of("c"), cache.get("t2\na", loader("x")).await().atMost(WAIT));
        assertEquals(Optional.of("new"), cache.get("t1\na", loader("new")).await().atMost(WAIT));
    }
}
