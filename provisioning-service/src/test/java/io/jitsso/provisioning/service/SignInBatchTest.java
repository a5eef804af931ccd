package io.jitsso.provisioning.service;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC D2, A6, A10: a batch applied in one transaction gives what applying its events one transaction
 * each gave: duplicates change nothing, older versions are audited as stale, an account created early
 * in the batch is updated, linked and withdrawn later in it.
 */
@QuarkusTest
class SignInBatchTest {

    @Inject
    SignInProvisioning signIns;

    @Test
    void oneBatchWithDuplicatesOutOfOrderVersionsAndLinksOfOneAccount() throws Throwable {
        String tenant = Fixtures.newTenant();
        UUID alice = accountId(tenant, "okta", "alice");
        SignInEvent third = Fixtures.succeeded(tenant, "okta", "alice", 3, List.of("editor"), profile("alice@example.com", true));
        SignInEvent bob = Fixtures.succeeded(tenant, "okta", "bob", 1, List.of("viewer"), profile("bob@example.com", false));
        List<SignInEvent> batch = List.of(
                Fixtures.succeeded(tenant, "okta", "alice", 1, List.of("viewer"), profile("alice@example.com", true)),
                third,
                Fixtures.succeeded(tenant, "okta", "alice", 2, List.of("auditor"), profile("alice@old.example", true)),
                third,
                // a first sign-in of another connection with the email the batch just created: links
                Fixtures.succeeded(tenant, "azure", "a.liddell", 1, List.of("billing"), profile("ALICE@example.com", true)),
                bob,
                withEventId(bob, UUID.randomUUID().toString()),
                Fixtures.succeeded(tenant, "okta", "carol", 1, List.of("admin"), profile("carol@example.com", true)),
                // never linked onto the privileged user the batch just created
                Fixtures.succeeded(tenant, "rogue", "carol", 1, List.of("viewer"), profile("carol@example.com", true)),
                Fixtures.notJit(tenant, "saml-idp", "dave", 1),
                Fixtures.succeeded(tenant, "okta", "alice", 4, List.of("editor", "viewer"), profile("alice@example.com", true)));

        List<ApplyResult> results = VertxContextSupport.subscribeAndAwait(() -> signIns.apply(batch));

        assertEquals(List.of(ApplyResult.CREATED, ApplyResult.UPDATED, ApplyResult.STALE, ApplyResult.DUPLICATE,
                ApplyResult.LINKED, ApplyResult.CREATED, ApplyResult.STALE, ApplyResult.CREATED, ApplyResult.CREATED,
                ApplyResult.AUDITED, ApplyResult.UPDATED), results);
        assertEquals(4, Fixtures.users(tenant), "alice, bob, carol and carol of the rogue connection");
        assertEquals(4, Fixtures.accountVersion(tenant, "okta", "alice"));
        assertEquals(List.of("billing@connection:azure", "editor@connection:okta", "viewer@connection:okta"),
                Fixtures.grants(tenant, alice));
        Map<String, Object> user = Fixtures.user(tenant, alice);
        assertEquals(4, user.get("version"), "created, updated to v3, linked, updated to v4");
        assertEquals("alice@example.com", user.get("email"), "the stale sign-in's email was not applied");
        assertEquals(List.of("viewer@connection:rogue"), Fixtures.grants(tenant, accountId(tenant, "rogue", "carol")));
        assertEquals(List.of("signin.succeeded", "user.created", "signin.succeeded", "user.updated", "signin.succeeded",
                "signin.succeeded", "user.linked", "signin.succeeded", "user.created", "signin.succeeded",
                "signin.succeeded", "user.created", "user.link_refused", "signin.succeeded", "user.created",
                "signin.succeeded", "signin.succeeded", "user.updated"), Fixtures.auditActions(tenant));

        List<Map<String, Object>> events = Fixtures.userEvents(tenant, 7);
        List<Map<String, Object>> ofAlice = events.stream().filter(e -> alice.toString().equals(e.get("user_id"))).toList();
        assertEquals(List.of("CREATED", "UPDATED", "UPDATED", "UPDATED"), ofAlice.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of(1, 2, 3, 4), ofAlice.stream().map(e -> e.get("user_version")).toList());
        assertEquals(List.of("billing", "editor"), ofAlice.get(2).get("roles"), "the link's event has both connections' roles");

        // applied again, as after a redelivery: nothing at all
        long audits = Fixtures.audits(tenant);
        assertEquals(batch.stream().map(e -> ApplyResult.DUPLICATE).toList(),
                VertxContextSupport.subscribeAndAwait(() -> signIns.apply(batch)));
        assertEquals(audits, Fixtures.audits(tenant));
    }

    @Test
    void aDenialLaterInTheBatchWithdrawsWhatItsFirstSignInGranted() throws Throwable {
        String tenant = Fixtures.newTenant();
        UUID dan = accountId(tenant, "okta", "dan");
        List<SignInEvent> batch = List.of(
                Fixtures.succeeded(tenant, "okta", "dan", 1, List.of("editor", "viewer"), profile("dan@example.com", true)),
                Fixtures.denied(tenant, "okta", "dan", 2, "required role missing"),
                Fixtures.denied(tenant, "okta", "eve", 1, "not in the allowed group"));

        List<ApplyResult> results = VertxContextSupport.subscribeAndAwait(() -> signIns.apply(batch));

        assertEquals(List.of(ApplyResult.CREATED, ApplyResult.DOWNGRADED, ApplyResult.AUDITED), results);
        assertEquals(List.of(), Fixtures.grants(tenant, dan));
        assertEquals(2, Fixtures.user(tenant, dan).get("version"));
        assertEquals(1, Fixtures.users(tenant), "no user for a denied sign-in of an unknown account");
        assertEquals(List.of("signin.succeeded", "user.created", "signin.denied", "roles.withdrawn", "signin.denied"),
                Fixtures.auditActions(tenant));
    }

    private static SignInEvent withEventId(SignInEvent e, String eventId) {
        return new SignInEvent(e.schemaVersion(), eventId, e.outcome(), e.tenantId(), e.connectionId(), e.protocol(),
                e.upstreamSubject(), e.accountId(), e.accountVersion(), e.jit(), e.profile(), e.roles(), e.amr(),
                e.denialReason(), Instant.now(), e.connectionVersion());
    }
}
