package io.jitsso.contracts.reactive;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs CPU-heavy or blocking work (argon2id, XML signature checks, key generation, a blocking
 * fetch) on a worker thread and resumes on the caller's Vert.x context. That context carries what
 * the rest of the pipeline needs: the reactive clients' and Hibernate Reactive's context and
 * ArC's request context. The services do not propagate thread contexts through Mutiny
 * (docs/architecture.md ADR-22), so a pipeline that left its context would go on without them.
 */
public final class OffEventLoop {

    private OffEventLoop() {
    }

    /** The work on Quarkus' default worker pool, at subscription. */
    public static <T> Uni<T> compute(Supplier<T> work) {
        return compute(work, Infrastructure.getDefaultWorkerPool());
    }

    /** The work on {@code executor}, at subscription. */
    public static <T> Uni<T> compute(Supplier<T> work, Executor executor) {
        return resumeHere(Uni.createFrom().item(work).runSubscriptionOn(executor));
    }

    /**
     * Starts the work now, not at subscription, so it runs beside whatever the caller does next;
     * the Uni, subscribed any number of times, gives its one result.
     */
    public static <T> Uni<T> start(Supplier<T> work, Executor executor) {
        CompletableFuture<T> running = CompletableFuture.supplyAsync(work, executor);
        return resumeHere(Uni.createFrom().completionStage(running));
    }

    private static <T> Uni<T> resumeHere(Uni<T> work) {
        Context context = Vertx.currentContext();
        return context == null ? work : work.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
