package io.jitsso.migration.service;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs argon2id on this service's own hashing threads and resumes on the caller's Vert.x context
 * ({@link io.jitsso.contracts.reactive.OffEventLoop}).
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
        return io.jitsso.contracts.reactive.OffEventLoop.compute(work, HASHING);
    }

    /**
     * Starts the work now, not at subscription, so it runs beside whatever the caller does next (an
     * HTTP call to a source, say); the Uni, subscribed any number of times, gives its one result.
     */
    public static <T> Uni<T> start(Supplier<T> work) {
        return io.jitsso.contracts.reactive.OffEventLoop.start(work, HASHING);
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
