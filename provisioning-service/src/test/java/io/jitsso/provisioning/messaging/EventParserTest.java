package io.jitsso.provisioning.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventParserTest {

    private final EventParser parser = new EventParser(Fixtures.JSON);

    @Test
    void readsTheGatewaysSnakeCaseEventsAndIgnoresUnknownFields() {
        SignInEvent sent = Fixtures.succeeded("acme", "okta", "alice", 3, List.of("viewer"), Fixtures.profile("a@example.com", true));
        Map<String, Object> json = tree(sent);
        json.put("added_in_a_later_version", Map.of("x", 1));
        SignInEvent read = parser.signIn(Fixtures.json(json), SignInEvent.Outcome.SUCCEEDED);
        assertEquals(sent, read);
        assertEquals(true, read.profile().emailVerified());
    }

    @Test
    void rejectsWhatCannotBeApplied() {
        assertMalformed("not JSON", "{nope");
        assertMalformed("empty record", "");
        assertMalformed("empty record", null);
        assertMalformed("not a JSON object", "42");
        assertMalformed("missing account_version", with(j -> j.remove("account_version")));
        assertMalformed("missing jit", with(j -> j.remove("jit")));
        assertMalformed("missing tenant_id", with(j -> j.put("tenant_id", null)));
        assertMalformed("account_version has the wrong type", with(j -> j.put("account_version", "three")));
        assertMalformed("account_version must be positive", with(j -> j.put("account_version", 0)));
        assertMalformed("account_id is not a UUID", with(j -> j.put("account_id", "42")));
        assertMalformed("tenant_id is not a tenant id", with(j -> j.put("tenant_id", "Acme Corp")));
        assertMalformed("connection_id is not a connection id", with(j -> j.put("connection_id", "a/b")));
        assertMalformed("upstream_subject must have 1 to 255 characters", with(j -> j.put("upstream_subject", "x".repeat(256))));
        assertMalformed("roles[1] is not a role name", with(j -> j.put("roles", List.of("viewer", " admin"))));
        assertMalformed("profile.email is longer than 1024 characters",
                with(j -> j.put("profile", Map.of("email", "x".repeat(1025)))));
        assertMalformed("outcome DENIED on the topic of SUCCEEDED sign-ins", with(j -> j.put("outcome", "DENIED")));
        assertMalformed("outcome has the wrong type", with(j -> j.put("outcome", "MAYBE")));
    }

    @Test
    void accountIdNeedNotBeAUuidWhenNoUserIsCreated() {
        SignInEvent denied = Fixtures.denied("acme", "okta", "alice", 1, "policy");
        Map<String, Object> json = tree(denied);
        json.put("account_id", "gateway-account-7");
        assertEquals("gateway-account-7", parser.signIn(Fixtures.json(json), SignInEvent.Outcome.DENIED).accountId());
    }

    @Test
    void disconnectNeedsItsIds() {
        assertEquals("okta", parser.disconnect(Fixtures.json(Fixtures.disconnected("acme", "okta"))).connectionId());
        MalformedEvent e = assertThrows(MalformedEvent.class, () -> parser.disconnect("{\"tenant_id\":\"acme\"}"));
        assertEquals("missing event_id, connection_id, occurred_at", e.getMessage());
    }

    private void assertMalformed(String reason, String payload) {
        MalformedEvent e = assertThrows(MalformedEvent.class, () -> parser.signIn(payload, SignInEvent.Outcome.SUCCEEDED));
        assertEquals(reason, e.getMessage());
        assertTrue(payload == null || payload.length() < 20 || !e.getMessage().contains(payload));
    }

    private static String with(Consumer<Map<String, Object>> change) {
        Map<String, Object> json = tree(Fixtures.succeeded("acme", "okta", "alice", 1, List.of("viewer"),
                Fixtures.profile("a@example.com", true)));
        change.accept(json);
        return Fixtures.json(json);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object event) {
        return new LinkedHashMap<>(Fixtures.JSON.convertValue(event, Map.class));
    }
}
