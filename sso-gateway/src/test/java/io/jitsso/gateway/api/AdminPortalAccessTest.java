package io.jitsso.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.gateway.support.Browser;
import io.jitsso.gateway.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC A11 end to end: an admin signs in through the tenant's IdP (mock-oauth2-server) into the
 * tenant's admin portal app, the portal exchanges the code at session-service, and the access token
 * opens the tenant's admin APIs (gateway, provisioning-service, session-service) and nothing else.
 * The break-glass admin's token does the same while the IdP is out of the picture.
 */
@QuarkusTest
class AdminPortalAccessTest {

    /** A tenant with its admin portal app and an SSO connection into it. */
    private record Portal(String tenant, Fixtures.App app, Fixtures.Connection connection) {
    }

    private static Portal portal() {
        String tenant = Fixtures.newTenant();
        Fixtures.App app = Fixtures.newApp(tenant, "admin-portal");
        return new Portal(tenant, app, Fixtures.createConnection(app, Fixtures.mockIssuer("portal"), Map.of()));
    }

    /** Signs a user in through the portal's connection and returns the portal's token response. */
    private static Response signIn(Portal portal, String upstreamRoles) {
        Browser.Result result = Fixtures.browser().signIn(portal.connection().loginUrl(), "admin-" + UUID.randomUUID(),
                "{\"email\":\"someone@corp.example\",\"roles\":" + upstreamRoles + "}", portal.app().redirectUri());
        assertTrue(result.redirectedTo(portal.app().redirectUri() + "?code="), () -> "ended at " + result);
        Response tokens = Fixtures.exchange(portal.app(), result.parameter("code"), null);
        tokens.then().statusCode(200);
        return tokens;
    }

    private static String connections(String tenant) {
        return "/admin/v1/tenants/" + tenant + "/connections";
    }

    @Test
    void anIdpAdminsAccessTokenOpensTheTenantsAdminApis() {
        Portal portal = portal();
        String accessToken = signIn(portal, "[\"corp-admins\"]").path("access_token");
        assertEquals(List.of("admin"), Fixtures.claims(accessToken).get("roles"), "roles reach the access token");

        given().auth().oauth2(accessToken).get(connections(portal.tenant())).then().statusCode(200)
                .body("[0].id", equalTo(portal.connection().id()));
        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(portal.app(), Fixtures.mockIssuer("second"), Map.of()))
                .post(connections(portal.tenant())).then().statusCode(201);
        given().auth().oauth2(accessToken).get(Fixtures.sessionService() + "/admin/v1/tenants/" + portal.tenant() + "/apps")
                .then().statusCode(200);
        given().auth().oauth2(accessToken)
                .get(Fixtures.provisioningService() + "/admin/v1/tenants/" + portal.tenant() + "/audit")
                .then().statusCode(200);
    }

    @Test
    void aViewerIsForbiddenAndAnotherTenantsPathsStayClosed() {
        Portal portal = portal();
        Portal other = portal();
        String viewer = signIn(portal, "[]").path("access_token");
        assertEquals(List.of("viewer"), Fixtures.claims(viewer).get("roles"));
        given().auth().oauth2(viewer).get(connections(portal.tenant())).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("owner or admin"));

        String admin = signIn(portal, "[\"corp-admins\"]").path("access_token");
        given().auth().oauth2(admin).get(connections(other.tenant())).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).post(connections(other.tenant()) + "/" + other.connection().id() + "/disconnect")
                .then().statusCode(403);
        given().auth().oauth2(admin).get(Fixtures.provisioningService() + "/admin/v1/tenants/" + other.tenant() + "/users")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin).get(Fixtures.sessionService() + "/admin/v1/tenants").then().statusCode(403);
    }

    @Test
    void idTokensClientTokensAndForgedTokensAreRejected() {
        Portal portal = portal();
        Response tokens = signIn(portal, "[\"corp-admins\"]");
        String path = connections(portal.tenant());
        given().auth().oauth2((String) tokens.path("id_token")).get(path).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("invalid_token"));
        given().auth().oauth2(Fixtures.clientToken(portal.app())).get(path).then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2((String) tokens.path("session_id")).get(path).then().statusCode(401);

        String accessToken = tokens.path("access_token");
        String[] parts = accessToken.split("\\.");
        String otherTenant = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("/t/" + portal.tenant() + "\"", "/t/" + portal().tenant() + "\"");
        String moved = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(moved).get(path).then().statusCode(401);
        given().auth().oauth2(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA")
                .get(path).then().statusCode(401);
        given().auth().oauth2(accessToken + "x").get(path).then().statusCode(401);
        given().auth().oauth2(accessToken).get(path).then().statusCode(200);
    }

    @Test
    void theBreakGlassAdminReachesTheTenantWithoutItsIdp() {
        Portal portal = portal();
        String password = "break-glass-" + UUID.randomUUID();
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("username", "rescue", "password", password))
                .put(Fixtures.sessionService() + "/admin/v1/tenants/" + portal.tenant() + "/break-glass")
                .then().statusCode(200);
        String token = given().contentType(ContentType.JSON).body(Map.of("username", "rescue", "password", password))
                .post(Fixtures.sessionService() + "/t/" + portal.tenant() + "/break-glass/token")
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(token).post(connections(portal.tenant()) + "/" + portal.connection().id() + "/disconnect")
                .then().statusCode(200);
        given().auth().oauth2(token).get("/admin/v1/tenants/" + portal.tenant() + "/connection-audit").then().statusCode(200)
                .body("[0].action", equalTo("connection.disconnected")).body("[0].actor", equalTo("break-glass:rescue"));
        given().auth().oauth2(token).get(Fixtures.provisioningService() + "/admin/v1/tenants/" + portal.tenant() + "/users")
                .then().statusCode(200);
        given().auth().oauth2(token).get(connections(portal().tenant())).then().statusCode(403);
    }

    @Test
    void aDisconnectClosesEveryAdminApiToTheTokensOfItsSessions() {
        Portal portal = portal();
        String admin = signIn(portal, "[\"corp-admins\"]").path("access_token");
        String users = Fixtures.provisioningService() + "/admin/v1/tenants/" + portal.tenant() + "/users";
        String apps = Fixtures.sessionService() + "/admin/v1/tenants/" + portal.tenant() + "/apps";
        given().auth().oauth2(admin).get(connections(portal.tenant())).then().statusCode(200);
        given().auth().oauth2(admin).get(users).then().statusCode(200);
        given().auth().oauth2(admin).get(apps).then().statusCode(200);

        // SPEC A9: the disconnect revokes the sessions opened through the connection; the admin's access
        // token, minutes from its expiry, no longer opens any service's admin API
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN)
                .post(connections(portal.tenant()) + "/" + portal.connection().id() + "/disconnect").then().statusCode(200);
        for (String path : List.of(Fixtures.gateway() + connections(portal.tenant()), users, apps)) {
            given().auth().oauth2(admin).get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("detail", containsString("has ended"));
        }
    }

    /** ADR-31: every change to a connection is in the tenant's connection audit, with who made it and from where. */
    @Test
    void everyConnectionChangeIsAuditedWithItsActor() {
        Portal portal = portal();
        String admin = signIn(portal, "[\"corp-admins\"]").path("access_token");
        String adminSubject = (String) Fixtures.claims(admin).get("sub");
        String created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(portal.app(), Fixtures.mockIssuer("audited"), Map.of()))
                .post(connections(portal.tenant())).then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Fixtures.connectionBody(portal.app(), Fixtures.mockIssuer("audited"), Map.of("name", "renamed")))
                .put(connections(portal.tenant()) + "/" + created).then().statusCode(200);
        given().auth().oauth2(admin).post(connections(portal.tenant()) + "/" + created + "/disconnect").then().statusCode(200);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).post(connections(portal.tenant()) + "/" + created + "/reconnect")
                .then().statusCode(200);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete(connections(portal.tenant()) + "/" + created).then().statusCode(204);
        // deleting it again changes nothing and records nothing more
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).delete(connections(portal.tenant()) + "/" + created).then().statusCode(404);

        String audit = "/admin/v1/tenants/" + portal.tenant() + "/connection-audit";
        List<Map<String, Object>> entries = given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(audit)
                .then().statusCode(200).extract().jsonPath().getList("$");
        List<String> actions = entries.stream().map(entry -> (String) entry.get("action")).toList();
        // a delete is a disconnect first (committed and recorded on its own), then the removal
        assertEquals(List.of("connection.deleted", "connection.disconnected", "connection.reconnected", "connection.disconnected",
                "connection.updated", "connection.created", "connection.created"), actions, "newest first: " + entries);
        List<String> actors = entries.stream().map(entry -> (String) entry.get("actor")).toList();
        assertEquals(List.of("operator", "operator", "operator", adminSubject, adminSubject, adminSubject, "operator"), actors);
        assertEquals(created, entries.get(0).get("connection_id"));
        assertEquals(portal.connection().id(), entries.get(6).get("connection_id"), "the portal's own connection, by the operator");
        assertEquals("127.0.0.1", entries.get(3).get("client_ip"));
        // the tenant's admins read it too, page by page; other tenants' admins do not
        long newest = ((Number) entries.get(0).get("id")).longValue();
        given().auth().oauth2(admin).queryParam("before", newest).queryParam("limit", 1).get(audit).then().statusCode(200)
                .body("action", org.hamcrest.Matchers.contains("connection.disconnected"));
        given().auth().oauth2(signIn(portal(), "[\"corp-admins\"]").<String>path("access_token")).get(audit)
                .then().statusCode(403).contentType("application/problem+json");
        for (String bad : List.of("limit=0", "limit=501", "limit=x", "before=0")) {
            given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get(audit + "?" + bad).then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
