package io.jitsso.session.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.session.Fixtures;
import io.jitsso.session.HeldTicker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The break-glass sign-in's limits and lockouts per client address (ADR-30), with the service behind a trusted
 * proxy (ADR-29): this profile trusts 127.0.0.1, so each request's X-Forwarded-For names its client. The only
 * test class of this service on a profile of its own (one restart of the test app).
 */
@QuarkusTest
@TestProfile(BreakGlassAddressTest.BehindTrustedProxy.class)
class BreakGlassAddressTest {

    /** The service as the chart configures it when `ingress.trustedProxies` names the proxies. */
    public static class BehindTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Inject
    HeldTicker ticker;

    @Test
    void wrongPasswordsLockOutTheirAddressManyLockTheAccountAndRotationUnlocksBoth() {
        String tenant = Fixtures.newTenant();
        String password = BreakGlassTest.newPassword();
        BreakGlassTest.set(tenant, "rescue", password).then().statusCode(200);
        String attacker = "198.51.100.7";
        for (int i = 0; i < 3; i++) {
            BreakGlassTest.signIn(tenant, "rescue", "wrong-" + i, attacker).then().statusCode(401);
        }
        // the attacker's address is locked out, even with the right password; the account is not
        BreakGlassTest.signIn(tenant, "rescue", password, attacker).then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(200).body("locked", equalTo(false));
        // newest first: the refused right password, the third wrong one, and the lockout it caused
        List<Map<String, Object>> audit = BreakGlassTest.auditEntries(tenant);
        assertEquals(List.of("sign_in_failed", "sign_in_failed", "address_locked"),
                audit.stream().limit(3).map(e -> e.get("action")).toList());
        assertEquals(List.of("address_locked", "wrong_password"), List.of(audit.get(0).get("reason"), audit.get(1).get("reason")));
        assertEquals(attacker, audit.get(2).get("client_ip"), "the audit names the address the proxy forwarded");
        // the real admin, elsewhere, signs in
        BreakGlassTest.signIn(tenant, "rescue", password, "203.0.113.20").then().statusCode(200);

        // seven wrong passwords in a row from all addresses lock the account itself, for everyone
        for (String address : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3")) {
            for (int i = 0; i < (address.endsWith(".3") ? 1 : 3); i++) {
                BreakGlassTest.signIn(tenant, "rescue", "wrong", address).then().statusCode(401);
            }
        }
        BreakGlassTest.signIn(tenant, "rescue", password, "203.0.113.20").then().statusCode(401);
        given().auth().oauth2(Fixtures.OPERATOR_TOKEN).get("/admin/v1/tenants/" + tenant + "/break-glass")
                .then().statusCode(200).body("locked", equalTo(true)).body("locked_until", notNullValue());
        assertTrue(BreakGlassTest.auditActions(tenant).contains("locked"));

        // the operator's rotation unlocks the account and every address
        String rotated = BreakGlassTest.newPassword();
        BreakGlassTest.set(tenant, "rescue", rotated).then().statusCode(200).body("locked", equalTo(false));
        BreakGlassTest.signIn(tenant, "rescue", password, attacker).then().statusCode(401);
        BreakGlassTest.signIn(tenant, "rescue", rotated, attacker).then().statusCode(200);
        assertEquals(List.of("sign_in_succeeded", "sign_in_failed", "rotated"), BreakGlassTest.auditActions(tenant).subList(0, 3));
    }

    @Test
    void signInsAreRateLimitedPerAddressAndPerTenant() {
        String tenant = Fixtures.newTenant();
        BreakGlassTest.set(tenant, "rescue", BreakGlassTest.newPassword()).then().statusCode(200);
        ticker.hold();
        try {
            // the test profile allows 2 a second per address in bursts of 10, 4 a second per tenant in bursts of 20
            for (int i = 0; i < 10; i++) {
                BreakGlassTest.signIn(tenant, "nobody", "wrong", "198.51.100.1").then().statusCode(401);
            }
            BreakGlassTest.signIn(tenant, "nobody", "wrong", "198.51.100.1").then().statusCode(429).header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            // another address still gets through, until the tenant's budget is spent
            for (int i = 0; i < 10; i++) {
                BreakGlassTest.signIn(tenant, "nobody", "wrong", "198.51.100.2").then().statusCode(401);
            }
            BreakGlassTest.signIn(tenant, "nobody", "wrong", "198.51.100.3").then().statusCode(429).header("Retry-After", notNullValue());
        } finally {
            ticker.release();
        }
    }
}
