package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.profile;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.provisioning.Fixtures;
import io.jitsso.provisioning.PostgresWireLog;
import io.jitsso.testing.KafkaBroker;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * SPEC D2 through the real broker: records that queue up while a transaction runs are applied together;
 * a bad record among them goes alone to the dead-letter topic; a transaction that dies mid-batch is
 * retried and loses nothing. To make records queue, the test holds a row lock on an account the
 * consumer is applying, so its transaction waits while more records arrive.
 */
@QuarkusTest
class BatchConsumerTest {

    @Test
    void recordsThatQueueDuringATransactionAreAppliedTogetherDuplicatesAndOldVersionsIncluded() throws Exception {
        String tenant = Fixtures.newTenant();
        try (AccountLock lock = AccountLock.holding(tenant, "okta", "blocker")) {
            SignInEvent third = Fixtures.succeeded(tenant, "okta", "alice", 3, List.of("editor"), profile("alice@example.com", true));
            long mark = PostgresWireLog.shared().mark();
            List<SignInEvent> queued = List.of(
                    Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("viewer"), profile("alice@example.com", true)),
                    third,
                    Fixtures.succeeded(tenant, "okta", "alice", 2, List.of("auditor"), profile("alice@old.example", true)),
                    third,
                    Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("viewer"), profile("bob@example.com", true)),
                    Fixtures.succeeded(tenant, "okta", "alice", 4, List.of("editor", "viewer"), profile("alice@example.com", true)));
            queued.forEach(Fixtures::publish);
            lock.releaseAfterTheRecordsWereFetched();
            Fixtures.awaitAccountVersion(tenant, "okta", "alice", 4);
            Fixtures.awaitAccountVersion(tenant, "okta", "bob", 1);

            StatementCountTest.Cost cost = StatementCountTest.cost(queued.size(), PostgresWireLog.shared().since(mark));
            assertTrue(cost.commits() <= 2, "the queued records together, not one commit each: " + cost.commits());
        }
        assertEquals(List.of("editor@connection:okta", "viewer@connection:okta"),
                Fixtures.grants(tenant, Fixtures.accountId(tenant, "okta", "alice")));
        assertEquals(3, Fixtures.user(tenant, Fixtures.accountId(tenant, "okta", "alice")).get("version"));
        assertEquals(2 + 4 + 1, Fixtures.audits(tenant, "signin.succeeded"), "the blocker's two, alice's four (v2 stale), bob's");
        assertEquals(1, Fixtures.count("select count(*) from audit_log where tenant_id = ? and action = 'signin.succeeded'"
                + " and (details ->> 'stale')::boolean", tenant), "v2 came after v3: audited as stale");
        assertEquals(3, Fixtures.users(tenant));
    }

    @Test
    void aBadRecordAmongGoodOnesGoesAloneToTheDeadLetterTopic() throws Exception {
        String tenant = Fixtures.newTenant();
        String secret = "leak-marker-" + UUID.randomUUID();
        try (AccountLock lock = AccountLock.holding(tenant, "okta", "blocker")) {
            Fixtures.publish(Fixtures.succeeded(tenant, "okta", "good-1", 1, List.of("viewer"), profile("g1@example.com", true)));
            Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, tenant + ":okta:mallory", "{not json " + secret);
            Fixtures.publish(Fixtures.succeeded(tenant, "okta", "good-2", 1, List.of("viewer"), profile("g2@example.com", true)));
            // valid JSON within every bound the parser checks, but PostgreSQL refuses a NUL character in text:
            // the database rejects the batch, and only this record can never apply
            Fixtures.publish(Fixtures.succeeded(tenant, "okta", "nul", 1, List.of("viewer"),
                    new SignInEvent.Profile("nul@example.com", true, "Nul\u0000" + secret, "Family", null, Map.of())));
            Fixtures.publish(Fixtures.succeeded(tenant, "okta", "good-3", 1, List.of("viewer"), profile("g3@example.com", true)));
            lock.releaseAfterTheRecordsWereFetched();
        }
        for (String good : List.of("good-1", "good-2", "good-3")) {
            Fixtures.awaitAccountVersion(tenant, "okta", good, 1);
        }
        List<ConsumerRecord<String, String>> dead = deadLetters(tenant, 2);
        assertEquals(2, dead.size(), "the two bad records, nothing else");
        List<String> reasons = dead.stream().map(r -> header(r, "dead-letter-reason")).sorted().toList();
        assertEquals("not JSON", reasons.get(1));
        assertTrue(reasons.get(0).startsWith("PgException"), reasons.get(0));
        for (ConsumerRecord<String, String> record : dead) {
            assertEquals(Topics.SIGNIN_SUCCEEDED, header(record, "dead-letter-topic"));
            assertTrue(Long.parseLong(header(record, "dead-letter-offset")) >= 0);
            assertTrue(!header(record, "dead-letter-reason").contains(secret));
        }
        assertEquals(4, Fixtures.users(tenant), "the blocker and the three good ones");
        assertEquals(0, Fixtures.accountVersion(tenant, "okta", "nul"));
        String log = Files.readString(Path.of("target/provisioning-service-test.log"));
        assertTrue(log.contains("applying them one by one"), "the failed batch was split");
        assertEquals(-1, log.indexOf(secret), "record content never reaches the log");
    }

    @Test
    void aTransactionKilledMidBatchIsRetriedAndLosesNothing() throws Exception {
        String tenant = Fixtures.newTenant();
        try (AccountLock c = AccountLock.on(tenant, "okta", "c"); AccountLock blocker = AccountLock.on(tenant, "okta", "blocker")) {
            blocker.blockTheConsumer();
            for (int version = 1; version <= 3; version++) {
                for (String subject : List.of("a", "b", "c")) {
                    if (version > 1 || !subject.equals("c")) {
                        Fixtures.publish(Fixtures.succeeded(tenant, "okta", subject, version, List.of("v" + version),
                                profile(subject + "@example.com", true)));
                    }
                }
            }
            blocker.releaseAfterTheRecordsWereFetched();
            Fixtures.awaitAccountVersion(tenant, "okta", "blocker", 2);
            // the queued records are applied together and wait for c's row: the database ends that
            // transaction, as a failover or an operator would
            awaitAWaitingTransaction();
            assertEquals(1, Fixtures.count("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()"));
            c.releaseAfterTheRecordsWereFetched();
        }
        for (String subject : List.of("a", "b", "c")) {
            Fixtures.awaitAccountVersion(tenant, "okta", subject, 3);
            assertEquals(List.of("v3@connection:okta"), Fixtures.grants(tenant, Fixtures.accountId(tenant, "okta", subject)));
            assertEquals(3, Fixtures.user(tenant, Fixtures.accountId(tenant, "okta", subject)).get("version"));
        }
        assertEquals(4, Fixtures.users(tenant));
        assertEquals(2 + 3 * 3, Fixtures.audits(tenant, "signin.succeeded"), "every sign-in audited once");
        assertEquals(4, Fixtures.audits(tenant, "user.created"));
        String log = Files.readString(Path.of("target/provisioning-service-test.log"));
        assertTrue(log.contains("will retry"), "the killed transaction was retried");
    }

    private static void awaitAWaitingTransaction() {
        await().atMost(Fixtures.PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> Fixtures.count(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0);
    }

    /** Every dead letter of the tenant: at least {@code expected}, and whatever else arrives within a second more. */
    private static List<ConsumerRecord<String, String>> deadLetters(String tenant, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Fixtures.DEAD_LETTER_TOPIC));
            long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        records.add(record);
                    }
                }
                if (records.size() >= expected && settled == Long.MAX_VALUE) {
                    settled = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /**
     * An account of the tenant, created through the consumer, whose row the test then locks: a later
     * sign-in of it makes the consumer's transaction wait, and records published meanwhile queue up.
     */
    private static final class AccountLock implements AutoCloseable {

        private final Connection connection;
        private final String tenant;
        private final String connectionId;
        private final String subject;

        private AccountLock(Connection connection, String tenant, String connectionId, String subject) {
            this.connection = connection;
            this.tenant = tenant;
            this.connectionId = connectionId;
            this.subject = subject;
        }

        /** Locks the account, first creating it through the consumer. */
        static AccountLock on(String tenant, String connectionId, String subject) throws SQLException {
            Fixtures.publish(Fixtures.succeeded(tenant, connectionId, subject, 1, List.of("v1"), profile(subject + "@example.com", true)));
            Fixtures.awaitAccountVersion(tenant, connectionId, subject, 1);
            Connection jdbc = Fixtures.database();
            jdbc.setAutoCommit(false);
            try (var lock = jdbc.prepareStatement("select 1 from user_identity where tenant_id = ? and connection_id = ?"
                    + " and upstream_subject = ? for update")) {
                lock.setString(1, tenant);
                lock.setString(2, connectionId);
                lock.setString(3, subject);
                lock.executeQuery();
            }
            return new AccountLock(jdbc, tenant, connectionId, subject);
        }

        /** Locks an account and publishes its next sign-in: the consumer's transaction waits for the lock. */
        static AccountLock holding(String tenant, String connectionId, String subject) throws SQLException {
            AccountLock lock = on(tenant, connectionId, subject);
            lock.blockTheConsumer();
            return lock;
        }

        void blockTheConsumer() {
            Fixtures.publish(Fixtures.succeeded(tenant, connectionId, subject, 2, List.of("v1"), profile(subject + "@example.com", true)));
            awaitAWaitingTransaction();
        }

        /** The consumer fetches while its transaction waits; a moment is enough for the records just published. */
        void releaseAfterTheRecordsWereFetched() throws Exception {
            Thread.sleep(1000);
            close();
        }

        @Override
        public void close() throws SQLException {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        }
    }
}
