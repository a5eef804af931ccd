package io.jitsso.migration.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.jitsso.testing.Processes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP credential-check connector against {@link LegacyApiStandIn} (a stand-in for a home-grown
 * legacy API), through the connector contract, plus what only this connector does: body templating
 * that no identifier or password can break out of, and the source's 503 as an outage.
 */
class CredentialCheckConnectorTest extends PasswordCheckContract {

    private static LegacyApiStandIn legacy;
    private static final String PASSWORD = "pa\"ss}}{{identifier}}\\word\n";

    @BeforeAll
    static void startLegacy() throws Exception {
        legacy = new LegacyApiStandIn();
        legacy.addUser(new LegacyApiStandIn.LegacyUser("L-1001", "ann\"@legacy", PASSWORD,
                Map.of("mail", "ann@legacy.example", "dept", "Sales")));
    }

    @AfterAll
    static void stopLegacy() {
        legacy.close();
    }

    @Override
    protected SourceType type() {
        return SourceType.HTTP_CREDENTIAL_CHECK;
    }

    @Override
    protected JsonNode settings() {
        return JSON.valueToTree(legacy.credentialCheckSettings());
    }

    @Override
    protected JsonNode unreachableSettings() {
        ObjectNode settings = (ObjectNode) settings();
        settings.put("url", "http://127.0.0.1:" + Processes.freePort() + "/api/v1/credentials/check");
        return settings;
    }

    @Override
    protected String secret() {
        return LegacyApiStandIn.API_KEY;
    }

    @Override
    protected String[] knownUser() {
        return new String[] {"ann\"@legacy", PASSWORD};
    }

    @Override
    protected String[] expectedField() {
        return new String[] {"dept", "Sales"};
    }

    @Test
    void identifierAndPasswordArriveVerbatimWhateverTheyContain() throws Exception {
        SourceConnectors connectors = connectors(Duration.ofSeconds(10));
        CheckResult result = connectors.passwordCheck(type(), settings(), secret()).checkPassword("ann\"@legacy", PASSWORD)
                .await().atMost(Duration.ofSeconds(10));
        assertInstanceOf(CheckResult.Verified.class, result);
        JsonNode last = legacy.received().get(legacy.received().size() - 1);
        assertEquals("ann\"@legacy", last.get("login").asText());
        assertEquals(PASSWORD, last.get("secret").asText());
        assertEquals(2, last.size(), "no field was injected into the body");
    }

    @Test
    void sourceAnswering503IsAnOutage() throws Exception {
        legacy.down(true);
        try {
            SourceConnectors connectors = connectors(Duration.ofSeconds(10));
            CheckResult result = connectors.passwordCheck(type(), settings(), secret()).checkPassword("ann\"@legacy", PASSWORD)
                    .await().atMost(Duration.ofSeconds(10));
            assertEquals(new CheckResult.Unavailable(CheckResult.Unavailable.ERROR), result);
        } finally {
            legacy.down(false);
        }
    }

    @Test
    void slowSourceTimesOutAsAnOutage() throws Exception {
        legacy.delay(1500);
        try {
            SourceConnectors connectors = connectors(Duration.ofMillis(300));
            CheckResult result = connectors.passwordCheck(type(), settings(), secret()).checkPassword("ann\"@legacy", PASSWORD)
                    .await().atMost(Duration.ofSeconds(10));
            assertInstanceOf(CheckResult.Unavailable.class, result);
        } finally {
            legacy.delay(0);
        }
    }

    @Test
    void brokenTemplatesAreRefusedOnSave() {
        SourceConnectors connectors = connectors(Duration.ofSeconds(1));
        ObjectNode noPassword = (ObjectNode) settings();
        noPassword.put("body_template", "{\"login\": \"{{identifier}}\"}");
        assertTrue(connectors.validate(type(), noPassword).stream().anyMatch(e -> e.field().equals("settings.body_template")));
        ObjectNode notJson = (ObjectNode) settings();
        notJson.put("body_template", "{\"login\": {{identifier}}, \"secret\": \"{{password}}\"}");
        assertTrue(connectors.validate(type(), notJson).stream().anyMatch(e -> e.field().equals("settings.body_template")));
        ObjectNode unknownPlaceholder = (ObjectNode) settings();
        unknownPlaceholder.put("body_template", "{\"login\": \"{{user}}\", \"secret\": \"{{password}}\"}");
        assertTrue(connectors.validate(type(), unknownPlaceholder).stream().anyMatch(e -> e.field().equals("settings.body_template")));
        ObjectNode plainHttp = (ObjectNode) settings();
        plainHttp.put("url", "http://legacy.example.com/check");
        assertTrue(connectors.validate(type(), plainHttp).stream().anyMatch(e -> e.field().equals("settings.url")));
        ObjectNode unknownSetting = (ObjectNode) settings();
        unknownSetting.put("timeout", 3);
        assertTrue(connectors.validate(type(), unknownSetting).stream().anyMatch(e -> e.field().equals("settings.timeout")));
    }
}
