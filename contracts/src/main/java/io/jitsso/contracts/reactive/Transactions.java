package io.jitsso.contracts.reactive;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionRollbackException;
import java.util.function.Function;

/**
 * Transactions whose first statements go out right behind {@code BEGIN} (ADR-27).
 *
 * <p>{@link Pool#withTransaction} waits for the server's answer to {@code BEGIN} before it hands the
 * connection to the body, so every transaction starts with a round trip that carries nothing. Here the
 * body runs as soon as {@code BEGIN} is queued on the connection: the client pipelines it with the
 * body's first statements, and the server runs them in order, inside the transaction. The rest is
 * {@code withTransaction}'s contract: the body's result commits; a failure of the body or of
 * {@code BEGIN} rolls back and fails with the first failure; the connection goes back to the pool
 * either way.
 *
 * <p>What pipelining gives up: the statements behind {@code BEGIN} do not wait for its answer, so had
 * the server refused {@code BEGIN} while the connection stayed up, they would run on their own, each
 * committing. PostgreSQL refuses {@code BEGIN} only for a cancel request (none is ever sent here) and
 * merely warns inside a transaction (the pool hands out connections outside any); a connection that
 * breaks fails every statement behind it too. A failed {@code BEGIN} still fails the whole, once the
 * body's result is in.
 */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code body} in a transaction on a pooled connection, without waiting for {@code BEGIN}'s answer.
     * Like the Mutiny {@code withTransaction}, the transaction's life runs on Vert.x futures, not on the
     * returned {@code Uni}: cancelling the {@code Uni} (a client that went away) neither strands a
     * connection that is still being acquired nor ends a transaction while its body still runs.
     */
    public static <T> Uni<T> pipelined(Pool pool, Function<SqlConnection, Uni<T>> body) {
        return Uni.createFrom().completionStage(() -> pipelined(pool.getDelegate(),
                connection -> Future.fromCompletionStage(
                        body.apply(SqlConnection.newInstance(connection)).subscribeAsCompletionStage()))
                .toCompletionStage());
    }

    static <T> Future<T> pipelined(io.vertx.sqlclient.Pool pool,
            Function<io.vertx.sqlclient.SqlConnection, Future<T>> body) {
        return pool.getConnection().compose(connection -> {
            // BEGIN is queued on the connection before the body queues its first statement
            Future<Transaction> begin = connection.begin();
            Future<T> result;
            try {
                result = body.apply(connection);
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            Future<T> done = result;
            return Future.join(begin, done)
                    .transform(joined -> end(begin, done))
                    .onComplete(ended -> connection.close());
        });
    }

    /** Commits the body's result; otherwise rolls back and fails with the body's failure, or BEGIN's. */
    private static <T> Future<T> end(Future<Transaction> begin, Future<T> done) {
        if (begin.succeeded() && done.succeeded()) {
            return begin.result().commit().map(committed -> done.result());
        }
        Throwable failure = done.failed() ? done.cause() : begin.cause();
        if (begin.failed() || failure instanceof TransactionRollbackException) {
            return Future.failedFuture(failure);
        }
        return begin.result().rollback().transform(rolledBack -> Future.failedFuture(failure));
    }
}
