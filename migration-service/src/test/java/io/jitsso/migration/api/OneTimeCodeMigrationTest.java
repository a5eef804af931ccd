package io.jitsso.migration.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.LegacyApiStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Migration by one-time code through {@link LegacyApiStandIn} (a stand-in for a legacy system that sends
 * codes by email or SMS): the code proves the user at the source, the new password registered on the way
 * is the user's local credential from then on, with the source switched off.
 */
@QuarkusTest
class OneTimeCodeMigrationTest {

    private static Response requestCode(Fixtures.App app, String identifier) {
        return given().auth().oauth2(app.token()).contentType(ContentType.JSON).body(Map.of("identifier", identifier))
                .post("/t/" + app.tenant() + "/migration/v1/one-time-codes");
    }

    private static Response signInWithCode(Fixtures.App app, String identifier, String code, String newPassword) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identifier", identifier);
        body.put("code", code);
        if (newPassword != null) {
            body.put("new_password", newPassword);
        }
        return given().auth().oauth2(app.token()).contentType(ContentType.JSON).body(body)
                .post("/t/" + app.tenant() + "/migration/v1/sign-in/one-time-code");
    }

    /** The tenant's source "codes": one-time codes sent and verified by {@code legacy}. */
    private static void createCodeSource(String tenant, LegacyApiStandIn legacy) {
        Fixtures.createSource(tenant, Map.of("id", "codes", "type", "one_time_code", "name", "Legacy codes",
                "settings", legacy.oneTimeCodeSettings(), "secret", LegacyApiStandIn.API_KEY,
                "attribute_mapping", Map.of("email", "mail"))).then().statusCode(201);
    }

    /** An app of a new tenant whose source "codes" is {@code legacy}. */
    private static Fixtures.App appWithCodeSource(LegacyApiStandIn legacy) {
        String tenant = Fixtures.newTenant();
        createCodeSource(tenant, legacy);
        return Fixtures.newApp(tenant);
    }

    @Test
    void codeMigratesAndTheNewPasswordWorksWithTheSourceDown() throws Exception {
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            Fixtures.App app = appWithCodeSource(legacy);
            String login = "otp-" + UUID.randomUUID().toString().substring(0, 8);
            legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, "unused", Map.of("mail", login + "@x.example")));

            requestCode(app, login).then().statusCode(202);
            requestCode(app, "nobody-" + login).then().statusCode(202);
            String code = legacy.codeSentTo(login);
            assertNotNull(code, "the source sent a code");
            assertNull(legacy.codeSentTo("nobody-" + login));

            String wrongCode = code.equals("000000") ? "111111" : "000000";
            signInWithCode(app, login, wrongCode, null).then().statusCode(400)
                    .body("detail", equalTo("the identifier or the credential is not correct"));
            String newPassword = Fixtures.password();
            Response migrated = signInWithCode(app, login, code, newPassword);
            migrated.then().statusCode(200).body("migrated", equalTo(true));
            Map<String, Object> idToken = Fixtures.claims(migrated.path("id_token"));
            assertEquals(List.of("otp"), idToken.get("amr"));
            assertEquals(login + "@x.example", idToken.get("email"));

            legacy.down(true);
            Response local = Fixtures.signIn(app, login, newPassword);
            local.then().statusCode(200).body("migrated", equalTo(false));
            assertEquals(migrated.<String>path("user_id"), local.path("user_id"));
            // a migrated user with a password signs in with it, not with codes
            signInWithCode(app, login, code, null).then().statusCode(400);
        }
    }

    @Test
    void anAnswerOverTheCapToSendingOrCheckingACodeIsAnOutage() throws Exception {
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            Fixtures.App app = appWithCodeSource(legacy);
            String login = "big-" + UUID.randomUUID().toString().substring(0, 8);
            legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, "unused", Map.of("mail", login + "@x.example")));
            String busy = "sign-in is temporarily unavailable; try again in a moment";

            legacy.answerBytes(SourceHttp.MAX_ANSWER_BYTES + 1, true);
            requestCode(app, login).then().statusCode(503).body("detail", equalTo(busy));
            legacy.answerBytes(0, true);
            requestCode(app, login).then().statusCode(202);
            String code = legacy.codeSentTo(login);
            legacy.answerBytes(SourceHttp.MAX_ANSWER_BYTES + 1, false);
            signInWithCode(app, login, code, Fixtures.password()).then().statusCode(503).body("detail", equalTo(busy));
            legacy.answerBytes(0, true);

            Fixtures.progress(app.tenant()).then().statusCode(200)
                    .body("sources[0].failures", equalTo(Map.of("source_oversized", 2)))
                    .body("sources[0].migrated_users", equalTo(0));
        }
    }

    @Test
    void codeRequestsNeedAnAppAndAreRateLimitedLikeSignIns() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        given().contentType(ContentType.JSON).body(Map.of("identifier", "x"))
                .post("/t/" + app.tenant() + "/migration/v1/one-time-codes").then().statusCode(401);
        String identifier = "flood-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            requestCode(app, identifier).then().statusCode(202);
        }
        requestCode(app, identifier).then().statusCode(429);
    }

    @Test
    void aJourneyThatRequiresRegisteringAPasswordIsEnforced() throws Exception {
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            String tenant = Fixtures.newTenant();
            createCodeSource(tenant, legacy);
            Map<String, Object> journey = Map.of("steps", List.of(
                    Map.of("type", "collect", "inputs", List.of("identifier", "code")),
                    Map.of("type", "validate_at_source", "source_id", "codes"),
                    Map.of("type", "create_user"),
                    Map.of("type", "register_authenticator", "authenticator", "password", "skippable", false)));
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(journey)
                    .put("/admin/v1/tenants/" + tenant + "/journeys/codes-first").then().statusCode(200);
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON).body(journey)
                    .put("/admin/v1/tenants/" + tenant + "/journeys/another").then().statusCode(409);
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("steps", List.of(Map.of("type", "collect", "inputs", List.of("identifier", "code")),
                            Map.of("type", "validate_at_source", "source_id", "nope"))))
                    .put("/admin/v1/tenants/" + tenant + "/journeys/broken").then().statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.hasItem("steps[1].source_id"));
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/journeys").then()
                    .statusCode(200).body("id", equalTo(List.of("codes-first")));

            Fixtures.App app = Fixtures.newApp(tenant);
            String login = "journey-" + UUID.randomUUID().toString().substring(0, 8);
            legacy.addUser(new LegacyApiStandIn.LegacyUser("L-" + login, login, "unused", Map.of("mail", login + "@x.example")));
            requestCode(app, login).then().statusCode(202);
            String code = legacy.codeSentTo(login);
            signInWithCode(app, login, code, null).then().statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.hasItem("new_password"));
            String password = Fixtures.password();
            signInWithCode(app, login, code, password).then().statusCode(200).body("migrated", equalTo(true));
            Fixtures.signIn(app, login, password).then().statusCode(200).body("migrated", equalTo(false));
        }
    }

    @Test
    void aCodeForAnotherSourceAccountWhoseIdentifierFoldsToAMigratedUsersProvesNothingForThem() throws Exception {
        try (LegacyApiStandIn legacy = new LegacyApiStandIn()) {
            Fixtures.App app = appWithCodeSource(legacy);
            String login = "fold-" + UUID.randomUUID().toString().substring(0, 8);
            // the source tells identifiers apart by case; here they fold to one
            legacy.addUser(new LegacyApiStandIn.LegacyUser("V-" + login, login, "unused", Map.of("mail", login + "@x.example")));
            legacy.addUser(new LegacyApiStandIn.LegacyUser("M-" + login, login.toUpperCase(), "unused",
                    Map.of("mail", "m-" + login + "@x.example")));

            // the victim migrates by code and skips the new password
            requestCode(app, login).then().statusCode(202);
            Response victim = signInWithCode(app, login, legacy.codeSentTo(login), null);
            victim.then().statusCode(200).body("migrated", equalTo(true));

            // the other account's own code, with a new password for the account it folds onto
            requestCode(app, login.toUpperCase()).then().statusCode(202);
            String theirCode = legacy.codeSentTo(login.toUpperCase());
            assertNotNull(theirCode, "the source sent the other account its code");
            String taken = Fixtures.password();
            signInWithCode(app, login.toUpperCase(), theirCode, taken).then().statusCode(400);
            Fixtures.signIn(app, login, taken).then().statusCode(400);

            // the victim's own code still signs them in, as the same user
            requestCode(app, login).then().statusCode(202);
            Response again = signInWithCode(app, login, legacy.codeSentTo(login), null);
            again.then().statusCode(200);
            assertEquals(victim.<String>path("user_id"), again.path("user_id"));
        }
    }
}
