package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.profile;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.events.Topics;
import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A record that can never apply goes to the dead-letter topic; the partition moves on; its content is not logged. */
@QuarkusTest
class DeadLetterTest {

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAndTheNextEventIsApplied() throws Exception {
        String tenant = Fixtures.newTenant();
        String key = tenant + ":okta:mallory";
        String secret = "leak-marker-" + UUID.randomUUID();
        SignInEvent valid = Fixtures.succeeded(tenant, "okta", "mallory", 1, List.of("viewer"), profile("m@example.com", true));
        Map<String, Object> missingFields = Map.of("event_id", UUID.randomUUID().toString(), "outcome", "SUCCEEDED",
                "tenant_id", tenant, "upstream_subject", secret);
        SignInEvent badAccountId = new SignInEvent(1, UUID.randomUUID().toString(), SignInEvent.Outcome.SUCCEEDED, tenant,
                "okta", "oidc", "mallory", secret, 1, true, null, List.of("viewer"), List.of(), null, valid.occurredAt(), null);

        Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, key, "{not json " + secret);
        Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, key, Fixtures.json(missingFields));
        Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, key, Fixtures.json(badAccountId));
        Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, key, "[\"" + secret + "\"]");
        Fixtures.publishRaw(Topics.SIGNIN_SUCCEEDED, key, Fixtures.json(Fixtures.denied(tenant, "okta", "mallory", 1, secret)));
        Fixtures.publishRaw(Topics.CONNECTION_DISCONNECTED, tenant + ":okta", "{\"tenant_id\":\"" + tenant + "\"}");
        Fixtures.publish(valid);
        Fixtures.awaitAccountVersion(tenant, "okta", "mallory", 1);

        List<ConsumerRecord<String, String>> dead = Fixtures.consume("jitsso\\.provisioning\\.dlq\\.v1", tenant, 6);
        assertEquals(6, dead.size());
        for (ConsumerRecord<String, String> record : dead) {
            Header reason = record.headers().lastHeader("dead-letter-reason");
            assertNotNull(reason, "the dead letter says why");
            String why = new String(reason.value(), StandardCharsets.UTF_8);
            assertTrue(!why.contains(secret), "the reason does not quote the record: " + why);
            assertNotNull(record.headers().lastHeader("dead-letter-topic"));
        }
        List<String> reasons = dead.stream()
                .map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).toList();
        assertTrue(reasons.contains("not JSON"), reasons.toString());
        assertTrue(reasons.contains("account_id is not a UUID"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("missing ") && r.contains("connection_id")), reasons.toString());
        assertTrue(reasons.contains("not a JSON object"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("DENIED")), reasons.toString());
        assertEquals(1, Fixtures.users(tenant));

        Fixtures.admin().get("/q/metrics").then().statusCode(200)
                .body(containsString("jitsso_provisioning_events_total{outcome=\"dead_letter\",topic=\"jitsso.signin.succeeded.v1\"}"));
        String log = Files.readString(Path.of("target/provisioning-service-test.log"));
        assertTrue(log.contains("goes to the dead-letter topic"), "dead letters are logged");
        assertEquals(-1, log.indexOf(secret), "record content never reaches the log");
    }
}
