package io.jitsso.provisioning.api;

import static io.jitsso.provisioning.Fixtures.accountId;
import static io.jitsso.provisioning.Fixtures.admin;
import static io.jitsso.provisioning.Fixtures.profile;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.provisioning.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operator API: credential, paging and filters, and problem+json for every bad input. */
@QuarkusTest
class AdminApiTest {

    @Test
    void operatorApiRequiresTheOperatorToken() {
        String path = "/admin/v1/tenants/acme/users";
        given().get(path).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401));
        given().auth().oauth2("wrong").get(path).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN + "x").get(path).then().statusCode(401);
        given().auth().preemptive().basic("operator", Fixtures.OPERATOR_TOKEN).get(path).then().statusCode(401);
        given().auth().oauth2("wrong").get("/admin/v1/tenants/acme/audit").then().statusCode(401);
        admin().get(path).then().statusCode(200);
    }

    @Test
    void badInputIsAProblemNotAServerError() {
        String users = "/admin/v1/tenants/acme/users";
        for (String limit : List.of("0", "999", "-1", "abc", "1.5")) {
            admin().queryParam("limit", limit).get(users).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        }
        admin().queryParam("after", "not-a-uuid").get(users).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("after"))
                .body("detail", not(containsString("Exception")));
        admin().queryParam("connection_id", "bad connection!").get(users).then().statusCode(400)
                .body("errors.field", hasItem("connection_id"));
        admin().queryParam("email", "x".repeat(1100)).get(users).then().statusCode(400).body("errors.field", hasItem("email"));
        admin().get("/admin/v1/tenants/Bad_Tenant!/users").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("tenant"));
        admin().get(users + "/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        admin().get(users + "/not-a-uuid").then().statusCode(404).contentType("application/problem+json");

        String audit = "/admin/v1/tenants/acme/audit";
        admin().queryParam("limit", "0").get(audit).then().statusCode(400).body("errors.field", hasItem("limit"));
        admin().queryParam("limit", "201").get(audit).then().statusCode(400);
        admin().queryParam("after", "abc").get(audit).then().statusCode(400).body("errors.field", hasItem("after"));
        admin().queryParam("user_id", "abc").get(audit).then().statusCode(400).body("errors.field", hasItem("user_id"));
        admin().get("/nope").then().statusCode(404);
        admin().post(users).then().statusCode(405);
    }

    @Test
    void usersArePagedByIdAndFiltered() {
        String tenant = Fixtures.newTenant();
        for (String subject : List.of("ann", "ben", "cid")) {
            Fixtures.publish(Fixtures.succeeded(tenant, "okta", subject, 1, List.of("viewer"), profile(subject + "@example.com", true)));
        }
        Fixtures.publish(Fixtures.succeeded(tenant, "azure", "dee", 1, List.of("editor"), profile("dee@example.com", false)));
        for (String subject : List.of("ann", "ben", "cid")) {
            Fixtures.awaitAccountVersion(tenant, "okta", subject, 1);
        }
        Fixtures.awaitAccountVersion(tenant, "azure", "dee", 1);
        List<String> ids = List.of("ann", "ben", "cid").stream().map(s -> accountId(tenant, "okta", s).toString()).sorted().toList();
        String base = "/admin/v1/tenants/" + tenant + "/users";

        List<String> first = admin().queryParam("limit", 2).queryParam("connection_id", "okta").get(base)
                .then().statusCode(200).body("$", hasSize(2)).extract().jsonPath().getList("id");
        assertEquals(ids.subList(0, 2), first);
        admin().queryParam("limit", 2).queryParam("connection_id", "okta").queryParam("after", first.get(1)).get(base)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(ids.get(2)))
                .body("[0].roles", equalTo(List.of("viewer"))).body("[0].version", equalTo(1))
                .body("[0].display_name", equalTo("Display Name"));
        admin().get(base).then().statusCode(200).body("$", hasSize(4));
        admin().queryParam("email", "BEN@example.COM").get(base).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].email", equalTo("ben@example.com"));
        admin().queryParam("connection_id", "azure").get(base).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].roles", equalTo(List.of("editor")));
    }

    @Test
    void auditIsNewestFirstPagedAndFilteredByUser() {
        String tenant = Fixtures.newTenant();
        UUID ann = accountId(tenant, "okta", "ann");
        Fixtures.publish(Fixtures.succeeded(tenant, "okta", "ann", 1, List.of("viewer"), profile("ann@example.com", true)));
        Fixtures.publish(Fixtures.denied(tenant, "okta", "zed", 1, "no roles"));
        Fixtures.awaitAccountVersion(tenant, "okta", "ann", 1);
        Fixtures.awaitAudit(tenant, "signin.denied", 1);
        String base = "/admin/v1/tenants/" + tenant + "/audit";

        List<Integer> all = admin().get(base).then().statusCode(200).body("$", hasSize(3)).extract().jsonPath().getList("id");
        assertTrue(all.get(0) > all.get(1) && all.get(1) > all.get(2), "newest first: " + all);
        admin().queryParam("limit", 1).get(base).then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(all.get(0)));
        admin().queryParam("after", all.get(0)).get(base).then().statusCode(200).body("$", hasSize(2))
                .body("[0].id", equalTo(all.get(1)));
        admin().queryParam("user_id", ann.toString()).get(base).then().statusCode(200).body("$", hasSize(2))
                .body("action", equalTo(List.of("user.created", "signin.succeeded")));
    }

    @Test
    void openApiDocumentsTheAdminApi() {
        String document = given().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/admin/v1/tenants/{tenant}/users", "/admin/v1/tenants/{tenant}/users/{id}",
                "/admin/v1/tenants/{tenant}/audit")) {
            assertTrue(document.contains(path), "OpenAPI lists " + path);
        }
        assertTrue(document.contains("bearer"), "the operator credential is documented");
    }
}
