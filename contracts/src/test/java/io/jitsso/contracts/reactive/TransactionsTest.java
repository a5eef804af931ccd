package io.jitsso.contracts.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.testing.PostgresDatabase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Transactions#pipelined} against the real PostgreSQL server, through a proxy that can hold
 * the server's answers back: the body's first statement must reach the server while the answer to
 * {@code BEGIN} is still held (with {@code Pool.withTransaction} it does not), and the transaction
 * must commit or roll back exactly as {@code withTransaction} does.
 */
class TransactionsTest {

    private static final String DATABASE = PostgresDatabase.named("jitsso_contracts_test");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Vertx vertx;
    private static GatedProxy proxy;
    private static Pool pool;

    @BeforeAll
    static void start() throws IOException {
        PostgresDatabase.ensureExists(DATABASE);
        proxy = new GatedProxy(PostgresDatabase.HOST, Integer.parseInt(PostgresDatabase.PORT));
        vertx = Vertx.vertx();
        pool = PgPool.pool(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(proxy.port())
                .setDatabase(DATABASE).setUser(PostgresDatabase.USER).setPassword(PostgresDatabase.PASSWORD),
                new PoolOptions().setMaxSize(1));
        pool.query("create table if not exists pipelined_probe (id text primary key)").execute().await().atMost(WAIT);
    }

    @AfterAll
    static void stop() {
        pool.close().await().atMost(WAIT);
        vertx.close().await().atMost(WAIT);
        proxy.close();
    }

    @BeforeEach
    void empty() {
        proxy.open();
        pool.query("delete from pipelined_probe").execute().await().atMost(WAIT);
    }

    @Test
    void theBodysFirstStatementLeavesBeforeBeginIsAnswered() throws Exception {
        proxy.hold();
        CompletableFuture<String> done = Transactions.pipelined(pool, sql -> insert(sql, "pipelined"))
                .subscribeAsCompletionStage();
        assertTrue(proxy.awaitClientSent("pipelined_probe", WAIT),
                "the insert reached the server while BEGIN's answer was held");
        assertFalse(done.isDone());
        proxy.open();
        assertEquals("pipelined", done.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, count("pipelined"), "committed");
    }

    @Test
    void withTransactionWaitsForBeginWhichIsWhatThisSaves() throws Exception {
        proxy.hold();
        CompletableFuture<String> done = pool.withTransaction(sql -> insert(sql, "plain"))
                .subscribeAsCompletionStage();
        assertFalse(proxy.awaitClientSent("pipelined_probe", Duration.ofMillis(500)),
                "Pool.withTransaction sends nothing of the body before BEGIN is answered");
        proxy.open();
        assertEquals("plain", done.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void aFailingBodyRollsBackAndItsFailureComesOutUnchanged() {
        IllegalStateException refusal = new IllegalStateException("refused after the insert");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Transactions.pipelined(pool,
                        sql -> insert(sql, "rolled-back").chain(ignored -> Uni.createFrom().<String>failure(refusal)))
                .await().atMost(WAIT));
        assertSame(refusal, thrown);
        assertEquals(0, count("rolled-back"), "rolled back");
    }

    @Test
    void aFailedStatementRollsBackTheStatementsBeforeIt() {
        assertThrows(Exception.class, () -> Transactions.pipelined(pool,
                        sql -> insert(sql, "first").chain(ignored -> insert(sql, "first")))
                .await().atMost(WAIT));
        assertEquals(0, count("first"), "the first insert rolled back with the duplicate");
    }

    @Test
    void theConnectionGoesBackToThePoolEveryTime() {
        // the pool holds one connection: each of these would wait forever for a connection not given back
        for (int i = 0; i < 5; i++) {
            String id = "reused-" + i;
            assertThrows(IllegalStateException.class, () -> Transactions.pipelined(pool,
                            sql -> insert(sql, id).chain(ignored -> Uni.createFrom().<String>failure(new IllegalStateException())))
                    .await().atMost(WAIT));
            assertEquals(id, Transactions.pipelined(pool, sql -> insert(sql, id)).await().atMost(WAIT));
        }
        assertEquals(5, pool.query("select count(*) from pipelined_probe").execute().await().atMost(WAIT)
                .iterator().next().getLong(0));
    }

    @Test
    void aCallerThatGoesAwayWhileTheConnectionIsBusyStrandsNothing() throws Exception {
        proxy.hold();
        // the pool's one connection is busy with this transaction, held up by the proxy
        CompletableFuture<String> first = Transactions.pipelined(pool, sql -> insert(sql, "first")).subscribeAsCompletionStage();
        assertTrue(proxy.awaitClientSent("pipelined_probe", WAIT));
        // this one waits for the connection, and its caller goes away (a client that closed its request)
        Transactions.pipelined(pool, sql -> insert(sql, "abandoned")).subscribe().with(item -> { }, failure -> { }).cancel();
        proxy.open();
        assertEquals("first", first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        // the connection the cancelled one was given went back to the pool: the next one gets it
        assertEquals("after", Transactions.pipelined(pool, sql -> insert(sql, "after")).await().atMost(WAIT));
    }

    @Test
    void aCallerThatGoesAwayMidTransactionLetsItFinish() throws Exception {
        proxy.hold();
        Transactions.pipelined(pool, sql -> insert(sql, "unattended")).subscribe().with(item -> { }, failure -> { }).cancel();
        assertTrue(proxy.awaitClientSent("pipelined_probe", WAIT));
        proxy.open();
        long end = System.nanoTime() + WAIT.toNanos();
        while (count("unattended") == 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(1, count("unattended"), "the body's work committed although nobody waited for it");
        assertEquals("next", Transactions.pipelined(pool, sql -> insert(sql, "next")).await().atMost(WAIT));
    }

    private static Uni<String> insert(io.vertx.mutiny.sqlclient.SqlConnection sql, String id) {
        return sql.preparedQuery("insert into pipelined_probe (id) values ($1)").execute(Tuple.of(id)).replaceWith(id);
    }

    private static long count(String id) {
        return pool.preparedQuery("select count(*) from pipelined_probe where id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    /**
     * A TCP proxy in front of PostgreSQL whose server-to-client direction can be held: bytes from the
     * server wait while it is held. It remembers what clients sent since the last {@link #hold()}.
     */
    static final class GatedProxy {
        private final ServerSocket server;
        private final String host;
        private final int port;
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedProxy(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "gated-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized void hold() {
            sent.reset();
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        boolean awaitClientSent(String text, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                synchronized (this) {
                    if (sent.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                        return true;
                    }
                }
                Thread.sleep(10);
            }
            return false;
        }

        void close() {
            open();
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(host, port);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Copies one direction; when it ends, both sockets close, so each side sees the other go. */
        private void pump(Socket from, Socket to, boolean fromClient) {
            Thread pump = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (from; to) {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (fromClient) {
                            synchronized (this) {
                                sent.write(buffer, 0, n);
                            }
                        } else {
                            gate.await();
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // the connection ended
                }
            }, fromClient ? "gated-proxy-up" : "gated-proxy-down");
            pump.setDaemon(true);
            pump.start();
        }
    }
}
