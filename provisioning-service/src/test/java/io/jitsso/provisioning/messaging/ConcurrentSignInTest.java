package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.Fixtures;
import io.jitsso.provisioning.service.ApplyResult;
import io.jitsso.provisioning.service.SignInProvisioning;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** SPEC D2: however often and however concurrently a first sign-in arrives, it creates exactly one user. */
@QuarkusTest
class ConcurrentSignInTest {

    @Inject
    SignInProvisioning signIns;

    @Test
    void repeatedFirstSignInsOnTheTopicCreateOneUser() {
        String tenant = Fixtures.newTenant();
        SignInEvent first = Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("viewer"), profile("alice@example.com", true));
        List<RecordMetadata> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(Fixtures.publish(first));
            if (i < 3) {
                sent.add(Fixtures.publish(Fixtures.succeeded(tenant, "okta", "alice", i + 2, List.of("viewer", "v" + (i + 2)),
                        profile("alice@example.com", true))));
            }
        }
        Fixtures.awaitAccountVersion(tenant, "okta", "alice", 4);
        Fixtures.drain(sent.toArray(RecordMetadata[]::new));

        assertEquals(1, Fixtures.users(tenant));
        assertEquals(1, Fixtures.audits(tenant, "user.created"));
        assertEquals(4, Fixtures.audits(tenant, "signin.succeeded"), "each distinct sign-in audited once");
        assertEquals(List.of("v4@connection:okta", "viewer@connection:okta"),
                Fixtures.grants(tenant, Fixtures.accountId(tenant, "okta", "alice")));
    }

    /**
     * Two replicas (or a rebalance) applying the same account's first sign-ins at the same time. The
     * interleavings differ from run to run: repeated to meet the rare ones.
     */
    @RepeatedTest(10)
    void concurrentFirstSignInsCreateOneUser() throws Exception {
        String tenant = Fixtures.newTenant();
        SignInEvent first = Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("viewer"), profile("bob@example.com", true));
        List<SignInEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // the same event redelivered, and the same sign-in re-published under new event ids
            events.add(i < 3 ? first : withEventId(first, UUID.randomUUID().toString()));
        }
        for (int version = 2; version <= 4; version++) {
            events.add(Fixtures.succeeded(tenant, "okta", "bob", version, List.of("viewer", "v" + version),
                    profile("bob@example.com", true)));
        }
        Collections.shuffle(events);

        ExecutorService pool = Executors.newFixedThreadPool(events.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApplyResult>> results = new ArrayList<>();
        try {
            for (SignInEvent event : events) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> signIns.apply(List.of(event)).map(applied -> applied.get(0)));
                    } catch (Throwable failure) {
                        throw new IllegalStateException(failure);
                    }
                }));
            }
            start.countDown();
            List<ApplyResult> outcomes = new ArrayList<>();
            for (Future<ApplyResult> result : results) {
                outcomes.add(result.get());
            }
            assertEquals(1, outcomes.stream().filter(r -> r == ApplyResult.CREATED).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, Fixtures.users(tenant));
        assertEquals(1, Fixtures.count("select count(*) from user_identity where tenant_id = ?", tenant));
        assertEquals(4, Fixtures.accountVersion(tenant, "okta", "bob"));
        assertEquals(List.of("v4@connection:okta", "viewer@connection:okta"),
                Fixtures.grants(tenant, Fixtures.accountId(tenant, "okta", "bob")));
        assertEquals(1, Fixtures.audits(tenant, "user.created"));
    }

    /**
     * Two batches (two replicas during a rebalance) that both hold the first sign-in of one account among
     * others: the batch that loses the race is applied again as a whole and finds the account.
     */
    @RepeatedTest(5)
    void concurrentBatchesWithTheSameFirstSignInCreateOneUser() throws Exception {
        String tenant = Fixtures.newTenant();
        SignInEvent shared = Fixtures.succeeded(tenant, "okta", "carol", 1, List.of("viewer"), profile("carol@example.com", true));
        List<List<SignInEvent>> batches = List.of(
                List.of(Fixtures.succeeded(tenant, "okta", "dave", 1, List.of("viewer"), profile("dave@example.com", true)),
                        shared),
                List.of(Fixtures.succeeded(tenant, "okta", "erin", 1, List.of("viewer"), profile("erin@example.com", true)),
                        withEventId(shared, UUID.randomUUID().toString()),
                        Fixtures.succeeded(tenant, "okta", "carol", 2, List.of("editor"), profile("carol@example.com", true))));

        ExecutorService pool = Executors.newFixedThreadPool(batches.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<ApplyResult>>> results = new ArrayList<>();
        try {
            for (List<SignInEvent> batch : batches) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> signIns.apply(batch));
                    } catch (Throwable failure) {
                        throw new IllegalStateException(failure);
                    }
                }));
            }
            start.countDown();
            List<ApplyResult> outcomes = new ArrayList<>();
            for (Future<List<ApplyResult>> result : results) {
                outcomes.addAll(result.get());
            }
            assertEquals(3, outcomes.stream().filter(r -> r == ApplyResult.CREATED).count(), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }

        assertEquals(3, Fixtures.users(tenant), "carol once, dave, erin");
        assertEquals(2, Fixtures.accountVersion(tenant, "okta", "carol"));
        assertEquals(List.of("editor@connection:okta"), Fixtures.grants(tenant, Fixtures.accountId(tenant, "okta", "carol")));
        assertEquals(3, Fixtures.audits(tenant, "user.created"));
    }

    private static SignInEvent withEventId(SignInEvent e, String eventId) {
        return new SignInEvent(e.schemaVersion(), eventId, e.outcome(), e.tenantId(), e.connectionId(), e.protocol(),
                e.upstreamSubject(), e.accountId(), e.accountVersion(), e.jit(), e.profile(), e.roles(), e.amr(),
                e.denialReason(), Instant.now(), e.connectionVersion());
    }
}
