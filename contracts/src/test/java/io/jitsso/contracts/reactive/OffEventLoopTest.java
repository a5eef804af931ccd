package io.jitsso.contracts.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The work runs off the event loop and the pipeline comes back to the very context it left, with
 * that context's locals: nothing else carries them back (ADR-22, no context propagation).
 */
class OffEventLoopTest {

    private static Vertx vertx;
    private static ExecutorService workers;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        workers = Executors.newSingleThreadExecutor(task -> new Thread(task, "off-loop-test-worker"));
    }

    @AfterAll
    static void stop() throws Exception {
        workers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private record Seen(String workThread, Context resumedOn, Object local, String resumedThread) {
    }

    private Seen runOnContext(Context context, Function<Supplier<String>, Uni<String>> off) throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            context.putLocal("request", "r-42");
            off.apply(() -> Thread.currentThread().getName())
                    .subscribe().with(
                            work -> seen.complete(new Seen(work, Vertx.currentContext(),
                                    Vertx.currentContext() == null ? null : Vertx.currentContext().getLocal("request"),
                                    Thread.currentThread().getName())),
                            seen::completeExceptionally);
        });
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void computeRunsOnTheExecutorAndResumesOnTheCallersContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        Seen seen = runOnContext(context, work -> OffEventLoop.compute(work, workers));
        assertEquals("off-loop-test-worker", seen.workThread());
        assertSame(context, seen.resumedOn());
        assertEquals("r-42", seen.local());
        assertNotEquals("off-loop-test-worker", seen.resumedThread());
    }

    @Test
    void startRunsAtOnceAndEverySubscriberResumesOnTheCallersContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        AtomicInteger runs = new AtomicInteger();
        Seen seen = runOnContext(context, work -> {
            Uni<String> started = OffEventLoop.start(() -> {
                runs.incrementAndGet();
                return work.get();
            }, workers);
            return started.chain(first -> started);
        });
        assertEquals(1, runs.get(), "the work ran once for both subscriptions");
        assertEquals("off-loop-test-worker", seen.workThread());
        assertSame(context, seen.resumedOn());
        assertEquals("r-42", seen.local());
    }

    @Test
    void withoutAContextTheResultStaysOnTheWorker() {
        String thread = OffEventLoop.compute(() -> "done", workers)
                .map(done -> Thread.currentThread().getName())
                .await().atMost(Duration.ofSeconds(10));
        assertNull(Vertx.currentContext());
        assertTrue(thread.startsWith("off-loop-test-worker"), thread);
    }
}
