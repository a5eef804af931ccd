package io.jitsso.migration.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs CPU-heavy work (argon2id) on a worker thread and resumes on the caller's Vert.x context,
 * where Hibernate Reactive and the reactive client must be used.
 */
public final class OffEventLoop {

    private OffEventLoop() {
    }

    public static <T> Uni<T> compute(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> computed = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? computed : computed.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
