package io.jitsso.migration.bench;

import static io.restassured.RestAssured.given;

import io.jitsso.migration.support.Fixtures;
import io.jitsso.migration.support.SharedKeycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A small latency probe, not part of the default test run (its name does not end in Test): sequential
 * first (migrating) sign-ins, later (local) sign-ins, and Keycloak's own password grant as the peer, on
 * the module's test environment (real Keycloak 26.7.3, real session-service, real PostgreSQL and Kafka).
 * One client, one request at a time: it measures latency and per-request cost, not saturation throughput.
 *
 * <pre>JITSSO_TEST_DB_SUFFIX=_x ./mvnw -pl migration-service -am test -Dtest=MigrationLatencyProbe \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Hash costs: ours argon2id m=19 MiB, t=2, p=1; the Keycloak realm used as the source has
 * pbkdf2-sha256 with 1 iteration (fast fixtures), so "first sign-in minus Keycloak's grant" isolates our
 * own overhead; a second realm with Keycloak's default hashing (pbkdf2-sha512, 210,000 iterations) is the
 * peer for "local sign-in versus Keycloak's password grant at comparable hash strength".
 */
@QuarkusTest
class MigrationLatencyProbe {

    private static final int USERS = 40;
    private static final int LOCAL_ROUNDS = 3;

    @Test
    void probe() throws Exception {
        SharedKeycloak.Realm keycloak = SharedKeycloak.get();
        String tenant = Fixtures.newTenant();
        Fixtures.createSource(tenant, Map.of("id", "kc", "type", "oauth2_password", "name", "Keycloak",
                "settings", Map.of("token_endpoint", keycloak.tokenEndpoint(), "client_id", SharedKeycloak.CLIENT_ID),
                "secret", keycloak.clientSecret(), "attribute_mapping", Map.of("email", "email"))).then().statusCode(201);
        Fixtures.App app = Fixtures.newApp(tenant);
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
            users.add(new String[] {name, keycloak.createUser(name, Map.of())});
        }
        // warm-up: JIT compilation of both sides
        for (int i = 0; i < 5; i++) {
            grant(keycloak.tokenEndpoint(), keycloak.clientSecret(), users.get(i));
        }
        List<Long> grants = new ArrayList<>();
        for (String[] user : users) {
            grants.add(timed(() -> grant(keycloak.tokenEndpoint(), keycloak.clientSecret(), user)));
        }
        List<Long> first = new ArrayList<>();
        for (String[] user : users) {
            first.add(timed(() -> Fixtures.signIn(app, user[0], user[1]).then().statusCode(200)));
        }
        List<Long> local = new ArrayList<>();
        for (int round = 0; round < LOCAL_ROUNDS; round++) {
            for (String[] user : users) {
                local.add(timed(() -> Fixtures.signIn(app, user[0], user[1]).then().statusCode(200)));
            }
        }
        // the peer at Keycloak's default hash strength
        String strongRealm = "strong-" + UUID.randomUUID().toString().substring(0, 8);
        keycloak.server().createRealmWithDefaultHashing(strongRealm);
        String strongSecret = "strong-secret-" + UUID.randomUUID();
        keycloak.server().createPasswordGrantClient(strongRealm, SharedKeycloak.CLIENT_ID, strongSecret, List.of());
        List<String[]> strongUsers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "strong-" + i;
            String password = Fixtures.password();
            keycloak.server().createUser(strongRealm, name, password, name + "@x.example", "S", "U", Map.of());
            strongUsers.add(new String[] {name, password});
        }
        String strongEndpoint = keycloak.server().tokenEndpoint(strongRealm);
        grant(strongEndpoint, strongSecret, strongUsers.get(0));
        List<Long> strong = new ArrayList<>();
        for (int round = 0; round < LOCAL_ROUNDS; round++) {
            for (String[] user : strongUsers) {
                strong.add(timed(() -> grant(strongEndpoint, strongSecret, user)));
            }
        }
        System.out.println("PROBE keycloak password grant, fast hashing (source's own time): " + summary(grants));
        System.out.println("PROBE our first sign-in (migrating through that grant):        " + summary(first));
        System.out.println("PROBE our later sign-in (local argon2id):                      " + summary(local));
        System.out.println("PROBE keycloak password grant, default hashing (peer):         " + summary(strong));
    }

    private static void grant(String endpoint, String secret, String[] user) {
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", SharedKeycloak.CLIENT_ID)
                .formParam("client_secret", secret).formParam("username", user[0]).formParam("password", user[1])
                .formParam("scope", "openid").post(endpoint).then().statusCode(200);
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(Long::compare);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        return String.format("n=%d p50=%.1f ms p99=%.1f ms mean=%.1f ms (%.0f/s sequential)", sorted.size(), p50, p99, mean,
                1000 / mean);
    }
}
