package io.jitsso.gateway.support;

import io.jitsso.testing.KeycloakServer;
import java.nio.file.Path;

/**
 * One real Keycloak 26.7.3 per test JVM, shared by the OIDC and SAML interop tests (each start costs
 * ~40 s here). Started on first use, stopped when the JVM exits; a failed start fails every test
 * that needs it, never skips it.
 */
public final class SharedKeycloak {

    private static KeycloakServer server;

    private SharedKeycloak() {
    }

    public static synchronized KeycloakServer get() throws Exception {
        if (server == null) {
            KeycloakServer started = KeycloakServer.start(Path.of(System.getProperty("interop.keycloak-home")),
                    System.getProperty("interop.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "keycloak-stop"));
            server = started;
        }
        return server;
    }
}
