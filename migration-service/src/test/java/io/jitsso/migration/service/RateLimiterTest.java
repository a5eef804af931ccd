package io.jitsso.migration.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void burstThenWaitThenRefill() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(10, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.acquire("id"));
        }
        long wait = limiter.acquire("id");
        assertTrue(wait >= 1 && wait <= 6, "one token refills in 6 s: " + wait);
        assertEquals(0, limiter.acquire("other"), "keys are independent");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(0, limiter.acquire("id"));
        limiter.sweep();
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        limiter.sweep();
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.acquire("id"), "a swept bucket starts full");
        }
    }
}
