package io.jitsso.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Rejected upstream ID tokens are logged by quarkus-oidc (at DEBUG in the test profile, so every line
 * it has is written) without their content: no claim value and no compact token reaches the log.
 */
@QuarkusTest
class TokenLogHygieneTest {

    private static final Pattern COMPACT_TOKEN = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");

    @Test
    void rejectedIdTokensLeaveNoTokenContentInTheLog() throws Exception {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("hygiene"), Map.of());
        String marker = "marker-" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        for (String claims : new String[] {
                "{\"email\":\"" + marker + "@corp.example\",\"aud\":\"another-client\"}",
                "{\"email\":\"" + marker + "@corp.example\",\"exp\":" + (now - 600) + ",\"iat\":" + (now - 1200) + "}"}) {
            Browser.Result result = Fixtures.browser().signIn(connection.loginUrl(), marker, claims, app.redirectUri());
            assertEquals(401, result.status(), () -> "rejected: " + result);
        }
        Path log = Path.of("target/sso-gateway-test.log");
        String text = Files.readString(log);
        assertTrue(text.contains("hygiene") || text.contains(connection.id()), "the log file is the gateway's test log");
        assertTrue(text.toLowerCase().contains("verification has failed") || text.contains("rejected"),
                "quarkus-oidc still says why it rejected the token");
        assertFalse(text.contains(marker), "a claim value of a rejected token reached the log");
        assertFalse(COMPACT_TOKEN.matcher(text).find(), "a compact token reached the log");
    }
}
