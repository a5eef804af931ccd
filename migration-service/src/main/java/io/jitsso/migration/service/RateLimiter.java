package io.jitsso.migration.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets kept in this replica's memory (like session-service's): {@code requests} per
 * {@code period}, with a burst of {@code requests}. With N replicas the cluster admits up to N times
 * the rate; the lockout after repeated failures is shared through PostgreSQL and does not multiply.
 */
public final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int requests, Duration period, LongSupplier nanoTime) {
        this.capacity = Math.max(1, requests);
        this.perNano = capacity / period.toNanos();
        this.nanoTime = nanoTime;
    }

    /** 0 when the request may proceed, otherwise the seconds to wait (at least 1). */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) * perNano);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    /** Drops buckets that have refilled completely: they hold nothing a new bucket would not. */
    public void sweep() {
        long now = nanoTime.getAsLong();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                return bucket.tokens + (now - bucket.updatedNanos) * perNano >= capacity;
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
