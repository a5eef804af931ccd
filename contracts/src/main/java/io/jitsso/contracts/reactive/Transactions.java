package io.jitsso.contracts.reactive;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
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
 * <p>The body must not act outside the database on the strength of a statement's result alone before
 * {@code BEGIN} is known to have succeeded: a failed {@code BEGIN} fails the whole, but only when both
 * have completed. {@code BEGIN} on a healthy pooled connection does not fail; on a broken one, the
 * statements behind it fail too.
 */
public final class Transactions {

    private Transactions() {
    }

    /** Runs {@code body} in a transaction on a pooled connection, without waiting for {@code BEGIN}'s answer. */
    public static <T> Uni<T> pipelined(Pool pool, Function<SqlConnection, Uni<T>> body) {
        return pool.getConnection().chain(connection -> {
            Uni<Transaction> begin = connection.begin().memoize().indefinitely();
            // the combination subscribes in order: BEGIN is queued on the connection before the body's first statement
            return Uni.combine().all()
                    .unis(begin, Uni.createFrom().deferred(() -> body.apply(connection)))
                    .collectFailures()
                    .asTuple()
                    .onFailure().call(failure -> begin.onItem()
                            .transformToUni(tx -> failure instanceof TransactionRollbackException
                                    ? Uni.createFrom().voidItem()
                                    : tx.rollback())
                            .onFailure().recoverWithNull())
                    .chain(done -> done.getItem1().commit().replaceWith(done.getItem2()))
                    .eventually(connection::close);
        });
    }
}
