package io.jitsso.migration.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.support.SharedKeycloak;
import io.jitsso.testing.Processes;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OAuth 2.0 password-grant connector against a real Keycloak 26.7.3, through the connector
 * contract, plus a refused client (a wrong client secret is the source's misconfiguration, not the
 * user's wrong password) and the profile read from userinfo.
 */
class PasswordGrantConnectorTest extends PasswordCheckContract {

    private static String username;
    private static String password;

    @BeforeAll
    static void user() throws Exception {
        username = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        password = SharedKeycloak.get().createUser(username, Map.of("department", "Research", "employee_number", "7"));
    }

    @Override
    protected SourceType type() {
        return SourceType.OAUTH2_PASSWORD;
    }

    @Override
    protected JsonNode settings() throws Exception {
        return JSON.valueToTree(Map.of("token_endpoint", SharedKeycloak.get().tokenEndpoint(),
                "client_id", SharedKeycloak.CLIENT_ID, "scope", "openid"));
    }

    @Override
    protected JsonNode unreachableSettings() {
        return JSON.valueToTree(Map.of("token_endpoint", "http://127.0.0.1:" + Processes.freePort() + "/token",
                "client_id", SharedKeycloak.CLIENT_ID));
    }

    @Override
    protected String secret() throws Exception {
        return SharedKeycloak.get().clientSecret();
    }

    @Override
    protected String[] knownUser() {
        return new String[] {username, password};
    }

    @Override
    protected String[] expectedField() {
        return new String[] {"department", "Research"};
    }

    @Test
    void wrongClientSecretIsMisconfigurationNotRejection() throws Exception {
        SourceConnectors connectors = connectors(Duration.ofSeconds(10));
        CheckResult result = connectors.passwordCheck(type(), settings(), "not-the-secret").checkPassword(username, password)
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED), result);
    }

    @Test
    void customAttributesComeThroughTheIdToken() throws Exception {
        SourceConnectors connectors = connectors(Duration.ofSeconds(10));
        CheckResult result = connectors.passwordCheck(type(), settings(), secret()).checkPassword(username, password)
                .await().atMost(Duration.ofSeconds(30));
        CheckResult.Verified verified = assertInstanceOf(CheckResult.Verified.class, result);
        assertEquals("7", verified.profile().field("employee_number"));
        assertEquals(username + "@legacy.example", verified.profile().field("email"));
    }

    @Test
    void theProfileComesFromUserinfoWhenConfigured() throws Exception {
        ObjectNode settings = (ObjectNode) settings();
        settings.put("userinfo_endpoint", SharedKeycloak.get().tokenEndpoint().replaceFirst("/token$", "/userinfo"));
        CheckResult result = connectors(Duration.ofSeconds(10)).passwordCheck(type(), settings, secret())
                .checkPassword(username, password).await().atMost(Duration.ofSeconds(30));
        CheckResult.Verified verified = assertInstanceOf(CheckResult.Verified.class, result);
        assertEquals(username + "@legacy.example", verified.profile().field("email"));
        assertEquals(verified.profile().subject(), verified.profile().field("sub"));
        // the userinfo answer is what counts: one that is not there is the source's misconfiguration
        settings.put("userinfo_endpoint", SharedKeycloak.get().tokenEndpoint().replaceFirst("/token$", "/no-userinfo"));
        assertEquals(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED),
                connectors(Duration.ofSeconds(10)).passwordCheck(type(), settings, secret()).checkPassword(username, password)
                        .await().atMost(Duration.ofSeconds(30)));
    }
}
