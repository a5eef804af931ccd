package io.jitsso.migration.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nothing logged contains a password (SPEC E2): sign-ins that succeed, fail at the source, fail
 * locally, hit an outage and send malformed bodies, all at DEBUG, then the service's whole log file
 * (and session-service's) is searched for every password any test of this run used.
 */
@QuarkusTest
class NoPasswordInLogsTest {

    @Test
    void noPasswordAppearsInAnyLog() throws Exception {
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            String tenant = Fixtures.newTenant();
            Fixtures.createSource(tenant, Map.of("id", "legacy", "type", "http_credential_check", "name", "Legacy",
                    "settings", legacy.credentialCheckSettings(), "secret", LegacyApiStandIn.API_KEY,
                    "attribute_mapping", Map.of("email", "mail"))).then().statusCode(201);
            Fixtures.App app = Fixtures.newApp(tenant);
            String login = "log-" + UUID.randomUUID().toString().substring(0, 8);
            String password = Fixtures.password();
            legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, password, Map.of("mail", login + "@x.example")));
            Fixtures.signIn(app, login, Fixtures.password()).then().statusCode(400);
            Fixtures.signIn(app, login, password).then().statusCode(200);
            Fixtures.signIn(app, login, Fixtures.password()).then().statusCode(400);
            Fixtures.signIn(app, "unknown-" + login, Fixtures.password()).then().statusCode(400);
            legacy.down(true);
            Fixtures.signIn(app, "down-" + login, Fixtures.password()).then().statusCode(503);
            String broken = Fixtures.password();
            io.restassured.RestAssured.given().auth().oauth2(app.token()).contentType("application/json")
                    .body("{\"identifier\": \"x\", \"password\": \"" + broken + "\" oops")
                    .post("/t/" + tenant + "/migration/v1/sign-in").then().statusCode(400);
        }
        Path log = Path.of("target/migration-service-test.log");
        assertTrue(Files.exists(log), "the test log exists");
        String text = Files.readString(log);
        assertTrue(text.contains("migrated user"), "the log has the sign-ins' own lines");
        String sessionLog = Files.exists(Path.of("target/session-service-migtest.log"))
                ? Files.readString(Path.of("target/session-service-migtest.log")) : "";
        for (String password : Fixtures.PASSWORDS_USED) {
            assertFalse(text.contains(password), "a password is in the migration-service log");
            assertFalse(sessionLog.contains(password), "a password is in the session-service log");
        }
    }
}
