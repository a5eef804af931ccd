package io.jitsso.migration.support;

import io.jitsso.testing.KeycloakServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One real Keycloak 26.7.3 for the module's tests (it takes 15-40 s to start): a realm with fast
 * password hashing, user attributes enabled, and a confidential client allowed the password grant
 * whose tokens carry the attributes {@code department} and {@code employee_number}. A test that stops
 * it (source outage) leaves the next caller of {@link #get()} a fresh one. Fails, never skips, when
 * Keycloak cannot start.
 */
public final class SharedKeycloak {

    public static final String CLIENT_ID = "migration-service";
    public static final List<String> ATTRIBUTES = List.of("department", "employee_number");

    /** A running Keycloak's realm as a password-grant source. */
    public record Realm(KeycloakServer server, String name, String clientSecret) {
        public String tokenEndpoint() {
            return server.tokenEndpoint(name);
        }

        /** A new user with the given attributes; returns the password. */
        public String createUser(String username, Map<String, String> attributes) throws Exception {
            String password = Fixtures.password();
            server.createUser(name, username, password, username + "@legacy.example", "Given-" + username,
                    "Family-" + username, attributes);
            return password;
        }
    }

    private static Realm current;

    private SharedKeycloak() {
    }

    public static synchronized Realm get() throws Exception {
        if (current == null) {
            KeycloakServer server = KeycloakServer.start(Path.of(System.getProperty("interop.keycloak-home")),
                    System.getProperty("interop.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            String realm = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
            server.createRealm(realm, "seed-user", Fixtures.password());
            server.enableUnmanagedAttributes(realm);
            String secret = "kc-client-secret-" + UUID.randomUUID();
            server.createPasswordGrantClient(realm, CLIENT_ID, secret, ATTRIBUTES);
            current = new Realm(server, realm, secret);
        }
        return current;
    }

    /** Stops Keycloak: the legacy source is switched off. */
    public static synchronized void stop() {
        if (current != null) {
            current.server().stop();
            current = null;
        }
    }
}
