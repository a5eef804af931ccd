package io.jitsso.session.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void admitsTheBurstThenAsksToWait() {
        RateLimiter limiter = new RateLimiter(5, 2, System::nanoTime);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.acquire("k"), "request " + i + " is within the burst");
        }
        long wait = limiter.acquire("k");
        assertTrue(wait >= 1, "the 11th request waits, got " + wait);
    }

    @Test
    void keysAreIndependent() {
        RateLimiter limiter = new RateLimiter(1, 1, System::nanoTime);
        assertEquals(0, limiter.acquire("a"));
        assertTrue(limiter.acquire("a") > 0);
        assertEquals(0, limiter.acquire("b"));
    }

    @Test
    void refillsOverTime() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(20, 1, System::nanoTime);
        for (int i = 0; i < 20; i++) {
            limiter.acquire("k");
        }
        assertTrue(limiter.acquire("k") > 0);
        Thread.sleep(120);
        assertEquals(0, limiter.acquire("k"), "two tokens refilled after 100 ms at 20/s");
    }

    @Test
    void sweepDropsOnlyFullBuckets() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(1000, 1, System::nanoTime);
        limiter.acquire("idle");
        Thread.sleep(20);
        limiter.sweep();
        assertEquals(0, limiter.size());
    }

    /**
     * A sweep that drops a bucket between an acquire's lookup and its lock used to let that acquire spend from
     * the dropped bucket, while the next request got a fresh, full one: spending was forgotten. With the clock
     * held nothing refills, so however the threads interleave, a key admits its burst and not one request more.
     */
    @Test
    void aSweepRacingAcquiresForgetsNoSpending() throws Exception {
        for (int round = 0; round < 200; round++) {
            RateLimiter limiter = new RateLimiter(1, 3, () -> 0L);
            java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread sweeper = new Thread(() -> {
                while (!done.get()) {
                    limiter.sweep();
                }
            });
            sweeper.start();
            java.util.List<Thread> callers = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread caller = new Thread(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (limiter.acquire("k") == 0) {
                            admitted.incrementAndGet();
                        }
                    }
                });
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            done.set(true);
            sweeper.join();
            assertTrue(admitted.get() <= 3, "round " + round + ": " + admitted.get() + " requests admitted, burst is 3");
        }
    }
}
