package io.jitsso.session.service;

import io.quarkus.scheduler.Scheduled;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets kept in this replica's memory. With N replicas behind a load balancer the cluster
 * admits up to N times the configured rate (docs/security.md gives the arithmetic); buckets hold no
 * state worth sharing, so a restart only forgets recent spending.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double capacity;
    private final Ticker ticker;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int ratePerSecond, int burstSeconds, Ticker ticker) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1, (double) ratePerSecond * burstSeconds);
        this.ticker = ticker;
    }

    /** 0 when the request may proceed, otherwise the seconds to wait (at least 1). */
    public long acquire(String key) {
        while (true) {
            long now = ticker.nanoTime();
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
            synchronized (bucket) {
                if (!bucket.swept) {
                    return take(bucket, now);
                }
            }
            // swept between the lookup and the lock: what is spent now must land in the bucket the map holds
        }
    }

    /** Called holding the bucket's lock. */
    private long take(Bucket bucket, long now) {
        double elapsedSeconds = (now - bucket.updatedNanos) / 1e9;
        bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * ratePerSecond);
        bucket.updatedNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / ratePerSecond));
    }

    /**
     * Gives back a token {@link #acquire} took, for a request that turned out not to count (a right secret
     * checked against the wrong-secret budget). A bucket swept meanwhile was full, so there is nothing to give.
     */
    public void refund(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.tokens = Math.min(capacity, bucket.tokens + 1);
            }
        }
    }

    /** Drops buckets that have refilled completely: they hold nothing a new bucket would not. */
    public void sweep() {
        long now = ticker.nanoTime();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.swept = bucket.tokens + (now - bucket.updatedNanos) / 1e9 * ratePerSecond >= capacity;
                return bucket.swept;
            }
        });
    }

    public int size() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;
        /** Removed from the map by a sweep: an acquire that found it before must look again. */
        boolean swept;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    /** Sweeps every limiter of the service once a minute. */
    @jakarta.enterprise.context.ApplicationScoped
    public static class Sweeper {
        private final SilentAuthLimits limits;

        Sweeper(SilentAuthLimits limits) {
            this.limits = limits;
        }

        @Scheduled(every = "60s")
        void sweep() {
            limits.perClient().sweep();
            limits.perSession().sweep();
        }
    }
}
