package io.jitsso.migration.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs CPU-heavy work (argon2id) on a worker thread and resumes on the caller's Vert.x context,
 * where Hibernate Reactive and the reactive client must be used.
 *
 * <p>The work runs on one thread per core, not on the shared worker pool: each argon2id computation
 * holds 19 MiB, and running more of them than there are cores adds no throughput, only live memory
 * for the garbage collector to copy and cache misses. The rest wait in this pool's queue (Keycloak
 * bounds its argon2 hashing to the number of cores the same way).
 *
 * <p>A native image initializes this class at start-up ({@code --initialize-at-run-time} in
 * application.properties, docs/architecture.md ADR-17): built into the image, the pool would be sized
 * by the cores of the machine that built it.
 */
public final class OffEventLoop {

    private static final ExecutorService HASHING = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), new NamedDaemons());

    private OffEventLoop() {
    }

    public static <T> Uni<T> compute(Supplier<T> work) {
        return resumeHere(Uni.createFrom().item(work).runSubscriptionOn(HASHING));
    }

    /**
     * Starts the work now, not at subscription, so it runs beside whatever the caller does next (an
     * HTTP call to a source, say); the Uni, subscribed any number of times, gives its one result.
     */
    public static <T> Uni<T> start(Supplier<T> work) {
        CompletableFuture<T> running = CompletableFuture.supplyAsync(work, HASHING);
        return resumeHere(Uni.createFrom().completionStage(running));
    }

    private static <T> Uni<T> resumeHere(Uni<T> work) {
        Context context = Vertx.currentContext();
        return context == null ? work : work.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static final class NamedDaemons implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "argon2id-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
