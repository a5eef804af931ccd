package io.jitsso.contracts.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent misses share one load; each caller goes on on its own context; a failure is not kept. */
class SingleFlightTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentCallersShareOneLoadAndEachResumesOnItsOwnContext() throws Exception {
        SingleFlight<String, String> flight = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<String> database = new CompletableFuture<>();
        List<CompletableFuture<Boolean>> callers = new ArrayList<>();
        AtomicInteger subscribed = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Boolean> resumedHere = new CompletableFuture<>();
            context.runOnContext(ignored -> {
                flight.load("tenant-a", () -> {
                    loads.incrementAndGet();
                    return Uni.createFrom().completionStage(database);
                }).subscribe().with(value -> resumedHere.complete("keys".equals(value) && Vertx.currentContext() == context),
                        resumedHere::completeExceptionally);
                subscribed.incrementAndGet();
            });
            callers.add(resumedHere);
        }
        // every caller must be waiting before the read ends: a caller that comes after it starts a new load
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (subscribed.get() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(50, subscribed.get());
        awaitRunning(flight, 1);
        database.complete("keys");
        for (CompletableFuture<Boolean> caller : callers) {
            assertEquals(true, caller.get(10, TimeUnit.SECONDS), "the value, on the caller's own context");
        }
        assertEquals(1, loads.get(), "one load for fifty concurrent misses");
        awaitRunning(flight, 0);
        // once it ended, the next miss loads again
        assertEquals("again", flight.load("tenant-a", () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item("again");
        }).await().atMost(Duration.ofSeconds(5)));
        assertEquals(2, loads.get());
    }

    @Test
    void keysLoadApartAndAFailureIsNotKept() {
        SingleFlight<String, String> flight = new SingleFlight<>();
        assertEquals("a", flight.load("a", () -> Uni.createFrom().item("a")).await().atMost(Duration.ofSeconds(5)));
        assertEquals("b", flight.load("b", () -> Uni.createFrom().item("b")).await().atMost(Duration.ofSeconds(5)));
        IllegalStateException down = new IllegalStateException("database down");
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> flight.load("a", () -> Uni.createFrom().failure(down)).await().atMost(Duration.ofSeconds(5)));
        assertSame(down, failed);
        assertEquals("a again", flight.load("a", () -> Uni.createFrom().item("a again")).await().atMost(Duration.ofSeconds(5)));
        assertEquals(0, flight.running());
    }

    private static void awaitRunning(SingleFlight<?, ?> flight, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (flight.running() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, flight.running());
    }
}
