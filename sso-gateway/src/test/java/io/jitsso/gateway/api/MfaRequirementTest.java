package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.Topics;
import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Events;
import io.jitsso.gateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC A7 through the real sign-in: a connection that requires MFA, with JIT off, fails a sign-in
 * whose MFA would have to be local with the documented error {@code mfa_local_account_required},
 * unless the upstream's MFA is trusted and asserted, or the skip rule is set.
 */
@QuarkusTest
class MfaRequirementTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String WITH_MFA = "{\"roles\":[\"corp-admins\"],\"amr\":[\"pwd\",\"mfa\"]}";
    private static final String PASSWORD_ONLY = "{\"roles\":[\"corp-admins\"],\"amr\":[\"pwd\"]}";

    @Test
    void jitOffWithoutUpstreamMfaFailsWithTheDocumentedErrorAndIssuesNothing() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-jit-off"), Map.of(
                "jit", false, "trust_upstream_mfa", true, "mfa", Map.of("required", true)));
        String user = "ivy-" + UUID.randomUUID();

        Browser.Result denied = Fixtures.browser().signIn(connection.loginUrl(), user, PASSWORD_ONLY, app.redirectUri());

        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertNull(denied.location(), "no redirect, so no code");
        assertTrue(denied.body().contains("Error code: mfa_local_account_required"), denied.body());
        assertTrue(denied.body().contains("JIT off"), denied.body());
        Events.Event event = Events.await(Topics.SIGNIN_DENIED,
                e -> user.equals(e.value().path("upstream_subject").asText()), EVENT_WAIT);
        assertFalse(event.value().path("jit").asBoolean(true));
        assertTrue(event.value().path("denial_reason").asText().contains("multi-factor"));

        Browser.Result accepted = Fixtures.browser().signIn(connection.loginUrl(), user, WITH_MFA, app.redirectUri());
        assertEquals(List.of("fed", "mfa"),
                Fixtures.claims(Fixtures.exchange(app, accepted.parameter("code"), null).then().statusCode(200)
                        .extract().path("id_token")).get("amr"),
                "the trusted upstream MFA meets the requirement and reaches the app");
    }

    @Test
    void anUntrustedUpstreamMfaDoesNotCount() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-untrusted"), Map.of(
                "jit", false, "mfa", Map.of("required", true)));
        Browser.Result denied = Fixtures.browser().signIn(connection.loginUrl(), "jon", WITH_MFA, app.redirectUri());
        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertTrue(denied.body().contains("Error code: mfa_local_account_required"), denied.body());
    }

    @Test
    void theSkipRuleLetsFederatedSignInsThroughWithoutClaimingMfa() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-skip"), Map.of(
                "jit", false, "mfa", Map.of("required", true, "skip_local_for_federated", true)));
        Browser.Result accepted = Fixtures.browser().signIn(connection.loginUrl(), "kim", PASSWORD_ONLY, app.redirectUri());
        assertEquals(List.of("fed"), Fixtures.claims(Fixtures.exchange(app, accepted.parameter("code"), null)
                .then().statusCode(200).extract().path("id_token")).get("amr"), "skipping MFA never claims it");
    }

    @Test
    void jitOnWithoutUpstreamMfaIsDeniedAsNotPerformed() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-jit-on"), Map.of(
                "trust_upstream_mfa", true, "mfa", Map.of("required", true)));
        Browser.Result denied = Fixtures.browser().signIn(connection.loginUrl(), "lou-" + UUID.randomUUID(), PASSWORD_ONLY,
                app.redirectUri());
        assertEquals(403, denied.status(), () -> "expected a denial page: " + denied);
        assertTrue(denied.body().contains("Error code: mfa_not_performed"), denied.body());
    }

    @Test
    void theRequirementIsPartOfTheConnectionAndBadValuesAreProblems() {
        Fixtures.App app = Fixtures.newApp(Fixtures.newTenant());
        Fixtures.Connection connection = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-admin"), Map.of(
                "mfa", Map.of("required", true, "skip_local_for_federated", true)));
        String path = "/admin/v1/tenants/" + app.tenant() + "/connections";
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(path + "/" + connection.id()).then().statusCode(200)
                .body("mfa.required", equalTo(true)).body("mfa.skip_local_for_federated", equalTo(true));
        Fixtures.Connection plain = Fixtures.createConnection(app, Fixtures.mockIssuer("mfa-admin"), Map.of());
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(path + "/" + plain.id()).then().statusCode(200)
                .body("mfa.required", equalTo(false)).body("mfa.skip_local_for_federated", equalTo(false));
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("mfa-admin"), Map.of("mfa", Map.of("required", "sometimes"))))
                .post(path).then().statusCode(400);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(app, Fixtures.mockIssuer("mfa-admin"), Map.of("mfa", List.of(true))))
                .post(path).then().statusCode(400);
    }
}
