package io.jitsso.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak (the Maven Central distribution, unpacked by the {@code keycloak-interop}
 * profile) started in dev mode as a process on JDK 21+, and configured through its admin REST API.
 */
public final class KeycloakServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final String base;

    private KeycloakServer(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    public static KeycloakServer start(Path home, String javaHome) throws IOException {
        int port = Processes.freePort();
        Path log = Path.of("target/keycloak.log");
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port", Integer.toString(port), "--http-management-port", Integer.toString(Processes.freePort()));
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        String base = "http://127.0.0.1:" + port;
        Processes.awaitReady("keycloak", process, base + "/realms/master/.well-known/openid-configuration", log,
                Duration.ofSeconds(240));
        return new KeycloakServer(process, base);
    }

    public String realmIssuer(String realm) {
        return base + "/realms/" + realm;
    }

    /** kc.sh runs the server as a child: stop the whole tree. */
    public void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        Processes.stop(process);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** A realm with fast password hashing, realm role {@code corp-admins} and a user holding it. */
    public void createRealm(String realm, String username, String password) throws Exception {
        admin("POST", "/admin/realms", Map.of("realm", realm, "enabled", true,
                "passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"));
        admin("POST", "/admin/realms/" + realm + "/roles", Map.of("name", "corp-admins"));
        admin("POST", "/admin/realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@corp.example", "emailVerified", true, "firstName", "Kay", "lastName", "Cloak",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        String userId = admin("GET", "/admin/realms/" + realm + "/users?username=" + username + "&exact=true", null).get(0)
                .get("id").asText();
        JsonNode role = admin("GET", "/admin/realms/" + realm + "/roles/corp-admins", null);
        admin("POST", "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm", List.of(role));
    }

    /**
     * A confidential client whose realm roles go into the claim {@code roles} of the access token, and
     * of the ID token only when {@code rolesInIdToken}.
     */
    public void createClient(String realm, String clientId, String secret, String redirectUris, boolean rolesInIdToken)
            throws Exception {
        admin("POST", "/admin/realms/" + realm + "/clients", Map.of("clientId", clientId, "secret", secret,
                "publicClient", false, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(redirectUris), "attributes", Map.of("pkce.code.challenge.method", "S256"),
                "protocolMappers", List.of(Map.of("name", "realm roles", "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-realm-role-mapper",
                        "config", Map.of("claim.name", "roles", "multivalued", "true", "jsonType.label", "String",
                                "id.token.claim", Boolean.toString(rolesInIdToken), "access.token.claim", "true",
                                "userinfo.token.claim", "false")))));
    }

    /** A realm with Keycloak's default password hashing (for peers in benchmarks). */
    public void createRealmWithDefaultHashing(String realm) throws Exception {
        admin("POST", "/admin/realms", Map.of("realm", realm, "enabled", true));
    }

    /**
     * Lets users of the realm carry attributes the realm's user profile does not declare (Keycloak 26
     * drops undeclared attributes otherwise).
     */
    public void enableUnmanagedAttributes(String realm) throws Exception {
        JsonNode profile = admin("GET", "/admin/realms/" + realm + "/users/profile", null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) profile).put("unmanagedAttributePolicy", "ENABLED");
        admin("PUT", "/admin/realms/" + realm + "/users/profile", profile);
    }

    /** A user with a password and custom attributes (single-valued). */
    public void createUser(String realm, String username, String password, String email, String firstName,
            String lastName, Map<String, String> attributes) throws Exception {
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("firstName", firstName);
        user.put("lastName", lastName);
        Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
        attributes.forEach((name, value) -> multi.put(name, List.of(value)));
        user.put("attributes", multi);
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        admin("POST", "/admin/realms/" + realm + "/users", user);
    }

    /**
     * A confidential client allowed the resource-owner password grant, with a user-attribute mapper per
     * name in {@code attributeClaims} that puts the attribute into the ID token, access token and userinfo
     * under the same claim name.
     */
    public void createPasswordGrantClient(String realm, String clientId, String secret, List<String> attributeClaims)
            throws Exception {
        List<Map<String, Object>> mappers = new java.util.ArrayList<>();
        for (String attribute : attributeClaims) {
            mappers.add(Map.of("name", "attribute " + attribute, "protocol", "openid-connect",
                    "protocolMapper", "oidc-usermodel-attribute-mapper",
                    "config", Map.of("user.attribute", attribute, "claim.name", attribute, "jsonType.label", "String",
                            "id.token.claim", "true", "access.token.claim", "true", "userinfo.token.claim", "true")));
        }
        admin("POST", "/admin/realms/" + realm + "/clients", Map.of("clientId", clientId, "secret", secret,
                "publicClient", false, "standardFlowEnabled", false, "directAccessGrantsEnabled", true,
                "protocolMappers", mappers));
    }

    /** The realm's token endpoint. */
    public String tokenEndpoint(String realm) {
        return realmIssuer(realm) + "/protocol/openid-connect/token";
    }

    /** A user of {@code realm} holding the realm roles {@code roles} (created when missing). */
    public void createUser(String realm, String username, String password, List<String> roles) throws Exception {
        admin("POST", "/admin/realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@corp.example", "emailVerified", true, "firstName", "User", "lastName", username,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        String userId = admin("GET", "/admin/realms/" + realm + "/users?username=" + username + "&exact=true", null).get(0)
                .get("id").asText();
        List<JsonNode> representations = new java.util.ArrayList<>();
        for (String role : roles) {
            if (admin("GET", "/admin/realms/" + realm + "/roles?search=" + role, null).findValues("name").stream()
                    .noneMatch(name -> role.equals(name.asText()))) {
                admin("POST", "/admin/realms/" + realm + "/roles", Map.of("name", role));
            }
            representations.add(admin("GET", "/admin/realms/" + realm + "/roles/" + role, null));
        }
        if (!representations.isEmpty()) {
            admin("POST", "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm", representations);
        }
    }

    /**
     * A SAML client (a service provider) with entity id {@code entityId} whose responses go to
     * {@code acsUrl} over HTTP-POST, signed by the realm. The user's realm roles travel as one
     * multi-valued attribute {@code roleAttribute} (the role-list mapper with {@code single=true}; the
     * default {@code role_list} scope, which would add a second role attribute, is removed), the
     * email and first name as attributes {@code email} and {@code givenName}, and the NameID is the
     * user name. When {@code spCertificate} (base64 DER) is given, AuthnRequests must be signed by it.
     */
    public void createSamlClient(String realm, String entityId, String acsUrl, String roleAttribute, String spCertificate)
            throws Exception {
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put("saml_assertion_consumer_url_post", acsUrl);
        attributes.put("saml.server.signature", "true");
        attributes.put("saml.signature.algorithm", "RSA_SHA256");
        attributes.put("saml.assertion.signature", "false");
        attributes.put("saml.encrypt", "false");
        attributes.put("saml.authnstatement", "true");
        attributes.put("saml_name_id_format", "username");
        attributes.put("saml.client.signature", Boolean.toString(spCertificate != null));
        if (spCertificate != null) {
            attributes.put("saml.signing.certificate", spCertificate);
        }
        admin("POST", "/admin/realms/" + realm + "/clients", Map.of("clientId", entityId, "protocol", "saml",
                "enabled", true, "redirectUris", List.of(acsUrl), "attributes", attributes,
                "protocolMappers", List.of(
                        Map.of("name", "roles", "protocol", "saml", "protocolMapper", "saml-role-list-mapper",
                                "config", Map.of("single", "true", "attribute.name", roleAttribute,
                                        "attribute.nameformat", "Basic")),
                        Map.of("name", "email", "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                                "config", Map.of("user.attribute", "email", "attribute.name", "email",
                                        "attribute.nameformat", "Basic")),
                        Map.of("name", "given name", "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                                "config", Map.of("user.attribute", "firstName", "attribute.name", "givenName",
                                        "attribute.nameformat", "Basic")))));
        String clientId = admin("GET", "/admin/realms/" + realm + "/clients?clientId="
                + java.net.URLEncoder.encode(entityId, java.nio.charset.StandardCharsets.UTF_8), null).get(0).get("id").asText();
        for (JsonNode scope : admin("GET", "/admin/realms/" + realm + "/clients/" + clientId + "/default-client-scopes", null)) {
            if ("role_list".equals(scope.path("name").asText())) {
                admin("DELETE", "/admin/realms/" + realm + "/clients/" + clientId + "/default-client-scopes/"
                        + scope.path("id").asText(), null);
            }
        }
    }

    private JsonNode admin(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private String adminToken() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }
}
