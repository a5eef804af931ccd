package io.jitsso.contracts.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The internal status call as other services make it, against an HTTP server standing in for session-service's
 * internal API: the path and credential sent, the answer read, and every answer that is not a clear yes or no
 * turned into a failure (which the admin API answers with 503, never with a pass).
 */
class HttpTokenStatusTest {

    private static final String SID = "5f0c8a1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
    private static Vertx vertx;
    private static HttpServer server;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static volatile int status = 200;
    private static volatile String body = "{\"active\":true}";

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            requests.add(request.uri() + " " + request.getHeader("Authorization"));
            request.response().setStatusCode(status).endAndForget(body);
        }).listenAndAwait(0, "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.closeAndAwait();
        vertx.closeAndAwait();
    }

    private static boolean ask(AdminPrincipal principal) {
        return new HttpTokenStatus(vertx, "http://127.0.0.1:" + server.actualPort() + "/", "internal-secret")
                .active(principal).await().atMost(Duration.ofSeconds(10));
    }

    private static AdminPrincipal session() {
        return new AdminPrincipal("acme", "user-1", List.of("admin"), false, SID, null);
    }

    @Test
    void asksForTheSessionOrTheBreakGlassVersionWithTheInternalCredential() {
        requests.clear();
        status = 200;
        body = "{\"active\":true}";
        assertTrue(ask(session()));
        body = "{\"active\":false}";
        assertFalse(ask(new AdminPrincipal("acme", "break-glass:rescue", List.of("admin"), true, null, 7L)));
        assertEquals(List.of("/internal/v1/tenants/acme/sessions/" + SID + "/status Bearer internal-secret",
                "/internal/v1/tenants/acme/break-glass/status?version=7 Bearer internal-secret"), requests);
    }

    @Test
    void anythingButAClearAnswerIsAFailure() {
        for (String[] answer : new String[][] {{"500", "{\"active\":true}"}, {"401", "{}"}, {"404", "{\"active\":false}"},
                {"200", "not json"}, {"200", "{\"active\":\"yes\"}"}, {"200", "{}"}, {"200", "[true]"},
                {"200", "{\"active\":true,\"pad\":\"" + "x".repeat(5000) + "\"}"}}) {
            status = Integer.parseInt(answer[0]);
            body = answer[1];
            assertThrows(RuntimeException.class, () -> ask(session()), () -> "answered " + answer[0] + " " + answer[1]);
        }
    }

    @Test
    void anUnreachableServiceIsAFailure() {
        assertThrows(RuntimeException.class, () -> new HttpTokenStatus(vertx, "http://127.0.0.1:1", "internal-secret")
                .active(session()).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void onlyATenantIdAndACanonicalSessionIdGoIntoThePath() {
        requests.clear();
        status = 200;
        body = "{\"active\":true}";
        for (AdminPrincipal principal : List.of(
                new AdminPrincipal("acme/../x", "u", List.of("admin"), false, SID, null),
                new AdminPrincipal("acme", "u", List.of("admin"), false, "../../x", null),
                new AdminPrincipal("acme", "u", List.of("admin"), false, SID.toUpperCase(), null))) {
            assertThrows(RuntimeException.class, () -> ask(principal), principal::toString);
        }
        assertTrue(requests.isEmpty(), "nothing was sent: " + requests);
    }

    @Test
    void aPrincipalIsASessionAdminOrABreakGlassAdminNeverBothOrNeither() {
        assertThrows(IllegalArgumentException.class, () -> new AdminPrincipal("acme", "s", List.of(), false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AdminPrincipal("acme", "s", List.of(), false, SID, 1L));
        assertThrows(IllegalArgumentException.class, () -> new AdminPrincipal("acme", "s", List.of(), true, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AdminPrincipal("acme", "s", List.of(), true, SID, 1L));
    }
}
