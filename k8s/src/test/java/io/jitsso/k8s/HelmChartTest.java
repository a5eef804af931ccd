package io.jitsso.k8s;

import static io.jitsso.k8s.Manifests.at;
import static io.jitsso.k8s.Manifests.container;
import static io.jitsso.k8s.Manifests.env;
import static io.jitsso.k8s.Manifests.envNames;
import static io.jitsso.k8s.Manifests.listAt;
import static io.jitsso.k8s.Manifests.mapAt;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Renders chart/jitsso with the real Helm library (helm-java) and asserts on the parsed manifests. */
class HelmChartTest {

    private static final Path CHART = Path.of(System.getProperty("chart.dir", "chart/jitsso"));
    private static final String RELEASE = "jitsso";
    private static final String NAMESPACE = "sso";
    /**
     * The helm binary defaults `helm template` to the Kubernetes version of its client-go build; the embedded library
     * lacks that build stamp and falls back to v1.20, below the chart's kubeVersion (>=1.25). Render for a current one.
     */
    private static final String KUBE_VERSION = "v1.31.0";

    /** One row of the services table in docs/operations.md. */
    private record Service(String name, int port, String database) {
        String resource() {
            return RELEASE + "-" + name;
        }
    }

    private static final List<Service> SERVICES = List.of(
            new Service("sso-gateway", 8080, "jitsso_gateway"),
            new Service("session-service", 8081, "jitsso_session"),
            new Service("provisioning-service", 8082, "jitsso_provisioning"),
            new Service("migration-service", 8083, "jitsso_migration"));

    private static final Service SESSION = SERVICES.get(1);
    private static final int GATEWAY_PORT = SERVICES.get(0).port();
    private static final int MIGRATION_PORT = SERVICES.get(3).port();

    private static final FakeKubernetesApi KUBERNETES = FakeKubernetesApi.start();

    private static Manifests render(UnaryOperator<TemplateCommand> customize) {
        TemplateCommand template = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        return Manifests.parse(customize.apply(template).call());
    }

    private static Manifests renderDefaults() {
        return render(template -> template);
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    private static Path testValues(String name) {
        try {
            return Path.of(HelmChartTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Lint {

        @Test
        void passesStrictLintWithDefaultValues() {
            LintResult result = new Helm(CHART).lint().strict().call();

            assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
            assertTrue(result.getMessages().stream().noneMatch(message -> message.contains("[ERROR]")),
                    () -> String.join("\n", result.getMessages()));
        }
    }

    @Nested
    class DefaultValues {

        private final Manifests manifests = renderDefaults();

        @Test
        void rendersOneDeploymentAndOneServicePerService() {
            List<String> expected = SERVICES.stream().map(Service::resource).sorted().toList();

            assertEquals(expected, manifests.namesOfKind("Deployment"));
            assertEquals(expected, manifests.namesOfKind("Service"));
        }

        @Test
        void exposesEachServiceOnItsPortThroughContainerAndService() {
            for (Service service : SERVICES) {
                Map<String, Object> container = container(manifests.get("Deployment", service.resource()));
                Map<String, Object> kubeService = manifests.get("Service", service.resource());

                assertAll(service.name(),
                        () -> assertEquals(service.port(), at(container, "ports[0].containerPort")),
                        () -> assertEquals(String.valueOf(service.port()), env(container, "QUARKUS_HTTP_PORT").get("value")),
                        () -> assertEquals(service.port(), at(kubeService, "spec.ports[0].port")),
                        () -> assertEquals("http", at(kubeService, "spec.ports[0].targetPort")),
                        () -> assertEquals(service.name(),
                                mapAt(kubeService, "spec.selector").get("app.kubernetes.io/component")));
            }
        }

        @Test
        void probesTheQuarkusHealthEndpoints() {
            for (Service service : SERVICES) {
                Map<String, Object> container = container(manifests.get("Deployment", service.resource()));

                assertAll(service.name(),
                        () -> assertEquals("/q/health/started", at(container, "startupProbe.httpGet.path")),
                        () -> assertEquals("/q/health/live", at(container, "livenessProbe.httpGet.path")),
                        () -> assertEquals("/q/health/ready", at(container, "readinessProbe.httpGet.path")),
                        () -> assertEquals("http", at(container, "readinessProbe.httpGet.port")));
            }
        }

        @Test
        void runsNonRootWithReadOnlyRootFilesystemAndNoCapabilities() {
            for (Service service : SERVICES) {
                Map<String, Object> deployment = manifests.get("Deployment", service.resource());
                Map<String, Object> container = container(deployment);

                assertAll(service.name(),
                        () -> assertEquals(true, at(deployment, "spec.template.spec.securityContext.runAsNonRoot")),
                        () -> assertEquals("RuntimeDefault", at(deployment, "spec.template.spec.securityContext.seccompProfile.type")),
                        () -> assertEquals(false, at(deployment, "spec.template.spec.automountServiceAccountToken")),
                        () -> assertEquals(true, at(container, "securityContext.runAsNonRoot")),
                        () -> assertEquals(true, at(container, "securityContext.readOnlyRootFilesystem")),
                        () -> assertEquals(false, at(container, "securityContext.allowPrivilegeEscalation")),
                        () -> assertEquals(List.of("ALL"), at(container, "securityContext.capabilities.drop")),
                        () -> assertEquals("/tmp", at(container, "volumeMounts[0].mountPath")),
                        () -> assertNotNull(at(deployment, "spec.template.spec.volumes[0].emptyDir")));
            }
        }

        @Test
        void takesEverySecretFromSecretKeyRefsAndGivesTheMasterKeyOnlyToItsUsers() {
            List<String> everyService = List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                    "JITSSO_INTERNAL_TOKEN", "JITSSO_OPERATOR_TOKEN");
            // the master key encrypts signing keys (session), upstream client secrets (gateway) and source secrets (migration)
            Set<String> masterKeyUsers = Set.of("session-service", "sso-gateway", "migration-service");
            for (Service service : SERVICES) {
                Map<String, Object> container = container(manifests.get("Deployment", service.resource()));
                boolean usesMasterKey = masterKeyUsers.stream().anyMatch(service.resource()::endsWith);
                List<String> secretVariables = usesMasterKey
                        ? Stream.concat(everyService.stream(), Stream.of("JITSSO_KEYS_MASTER_KEY")).toList()
                        : everyService;

                for (String name : secretVariables) {
                    Map<String, Object> variable = env(container, name);
                    assertNull(variable.get("value"), () -> service.name() + " " + name + " has a plaintext value");
                    assertNotNull(at(variable, "valueFrom.secretKeyRef.name"), () -> service.name() + " " + name);
                }
                if (!usesMasterKey) {
                    assertFalse(envNames(container).contains("JITSSO_KEYS_MASTER_KEY"),
                            () -> service.name() + " must not receive the master key: " + envNames(container));
                }
                assertEquals("jitsso-postgresql", at(env(container, "QUARKUS_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef.name"));
            }
        }

        @Test
        void givesTheGatewayItsPublicUrlAndTheIssuer() {
            Map<String, Object> container = container(manifests.get("Deployment", "jitsso-sso-gateway"));
            assertAll(
                    () -> assertEquals("https://login.example.com", env(container, "JITSSO_PUBLIC_BASE_URL").get("value")),
                    () -> assertEquals("https://sso.example.com", env(container, "JITSSO_ISSUER_BASE_URL").get("value")),
                    () -> assertEquals("http://jitsso-session-service:8081", env(container, "JITSSO_SESSION_SERVICE_URL").get("value")),
                    () -> assertEquals("PT1H", env(container, "JITSSO_SAML_METADATA_REFRESH_INTERVAL").get("value")),
                    () -> assertEquals("PT30S", env(container, "JITSSO_SIGN_IN_USER_SCHEMA_CACHE_TTL").get("value")),
                    () -> assertEquals("true", env(container, "JITSSO_MIGRATION_SERVICE_ENABLED").get("value")),
                    () -> assertEquals("http://jitsso-migration-service:" + MIGRATION_PORT,
                            env(container, "JITSSO_MIGRATION_SERVICE_URL").get("value")));
            Map<String, Object> session = container(manifests.get("Deployment", SESSION.resource()));
            assertEquals("https://login.example.com", env(session, "JITSSO_GATEWAY_BASE_URL").get("value"));
        }

        @Test
        void givesProvisioningServiceItsBatchSize() {
            Map<String, Object> container = container(manifests.get("Deployment", "jitsso-provisioning-service"));
            assertAll(
                    () -> assertEquals("200", env(container, "JITSSO_CONSUMER_MAX_BATCH_SIZE").get("value")),
                    () -> assertEquals("https://sso.example.com", env(container, "JITSSO_ISSUER_BASE_URL").get("value")));
        }

        @Test
        void configuresMigrationServiceWithTheIssuerAndTheDocumentedLimits() {
            Map<String, Object> container = container(manifests.get("Deployment", "jitsso-migration-service"));
            assertAll(
                    () -> assertEquals("https://sso.example.com", env(container, "JITSSO_ISSUER_BASE_URL").get("value")),
                    () -> assertEquals("http://jitsso-session-service:8081", env(container, "JITSSO_SESSION_SERVICE_URL").get("value")),
                    () -> assertEquals("http://jitsso-sso-gateway:" + GATEWAY_PORT, env(container, "JITSSO_GATEWAY_URL").get("value")),
                    () -> assertEquals("true", env(container, "JITSSO_GATEWAY_ENABLED").get("value")),
                    () -> assertEquals("50", env(container, "JITSSO_SIGN_IN_PER_CLIENT_PER_SECOND").get("value")),
                    () -> assertEquals("10", env(container, "JITSSO_SIGN_IN_PER_IDENTIFIER_PER_MINUTE").get("value")),
                    () -> assertEquals("5", env(container, "JITSSO_SIGN_IN_MAX_FAILURES").get("value")),
                    () -> assertEquals("PT15M", env(container, "JITSSO_SIGN_IN_FAILURE_WINDOW").get("value")),
                    () -> assertEquals("PT15M", env(container, "JITSSO_SIGN_IN_LOCKOUT_DURATION").get("value")),
                    () -> assertEquals("PT5S", env(container, "JITSSO_SIGN_IN_SOURCE_TIMEOUT").get("value")),
                    () -> assertEquals("PT1S", env(container, "JITSSO_OUTBOX_POLL_INTERVAL").get("value")));
        }

        @Test
        void pointsEachServiceAtItsOwnDatabase() {
            for (Service service : SERVICES) {
                Map<String, Object> container = container(manifests.get("Deployment", service.resource()));

                assertEquals("postgresql://postgresql:5432/" + service.database(),
                        env(container, "QUARKUS_DATASOURCE_REACTIVE_URL").get("value"));
                assertEquals("jdbc:postgresql://postgresql:5432/" + service.database(),
                        env(container, "QUARKUS_DATASOURCE_JDBC_URL").get("value"));
                assertEquals("kafka:9092", env(container, "KAFKA_BOOTSTRAP_SERVERS").get("value"));
                assertEquals("PT0.05S", env(container, "JITSSO_OUTBOX_LINGER").get("value"));
            }
        }

        @Test
        void disablesServiceLinksWhoseKafkaVariablesQuarkusWouldTakeForClientConfig() {
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                assertEquals(false, at(deployment, "spec.template.spec.enableServiceLinks"));
            }
        }

        @Test
        void leavesTraceExportOffByDefault() {
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                Map<String, Object> container = container(deployment);
                assertEquals("true", env(container, "QUARKUS_OTEL_SDK_DISABLED").get("value"));
                assertFalse(envNames(container).contains("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
                assertFalse(envNames(container).contains("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_TRACING_ENABLED"));
            }
        }

        @Test
        void trustsNoForwardedAddressByDefault() {
            // no proxies named: X-Forwarded-For is nobody's word, the peer's address is the client's
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                Map<String, Object> container = container(deployment);
                assertFalse(envNames(container).contains("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
                assertFalse(envNames(container).contains("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));
            }
        }

        @Test
        void configuresSessionServiceWithTheDocumentedDefaults() {
            Map<String, Object> container = container(manifests.get("Deployment", SESSION.resource()));

            assertAll(
                    () -> assertEquals("https://sso.example.com", env(container, "JITSSO_ISSUER_BASE_URL").get("value")),
                    () -> assertEquals("P14D", env(container, "JITSSO_SESSION_LIFETIME").get("value")),
                    () -> assertEquals("ES256", env(container, "JITSSO_TOKENS_DEFAULT_ALGORITHM").get("value")),
                    () -> assertEquals("PT5S", env(container, "JITSSO_APPS_CACHE_TTL").get("value")),
                    () -> assertEquals("PT1S", env(container, "JITSSO_OUTBOX_POLL_INTERVAL").get("value")),
                    () -> assertEquals("PT1M", env(container, "JITSSO_TOKENS_AUTHORIZATION_CODE_LIFETIME").get("value")),
                    () -> assertEquals("PT5M", env(container, "JITSSO_TOKENS_ACCESS_TOKEN_LIFETIME").get("value")),
                    () -> assertEquals("PT5M", env(container, "JITSSO_TOKENS_ID_TOKEN_LIFETIME").get("value")),
                    () -> assertEquals("500", env(container, "JITSSO_RATE_LIMIT_PER_CLIENT").get("value")),
                    () -> assertEquals("5", env(container, "JITSSO_RATE_LIMIT_PER_SESSION").get("value")),
                    () -> assertEquals("2", env(container, "JITSSO_RATE_LIMIT_BURST_SECONDS").get("value")),
                    () -> assertEquals("1", env(container, "JITSSO_RATE_LIMIT_WRONG_SECRETS_PER_CLIENT").get("value")),
                    () -> assertEquals("5", env(container, "JITSSO_BREAK_GLASS_MAX_FAILURES").get("value")),
                    () -> assertEquals("PT15M", env(container, "JITSSO_BREAK_GLASS_LOCKOUT").get("value")),
                    () -> assertEquals("1", env(container, "JITSSO_BREAK_GLASS_ATTEMPTS_PER_SECOND").get("value")),
                    () -> assertEquals("100", env(container, "JITSSO_BREAK_GLASS_MAX_ACCOUNT_FAILURES").get("value")),
                    () -> assertEquals("5", env(container, "JITSSO_BREAK_GLASS_TENANT_ATTEMPTS_PER_SECOND").get("value")),
                    () -> assertEquals("PT15M", env(container, "JITSSO_BREAK_GLASS_TOKEN_LIFETIME").get("value")));
        }

        @Test
        void letsEveryAdminApiVerifyTenantAdminTokensOfTheSameIssuerAndPortal() {
            for (String name : List.of(SESSION.resource(), "jitsso-sso-gateway", "jitsso-provisioning-service",
                    "jitsso-migration-service")) {
                Map<String, Object> container = container(manifests.get("Deployment", name));
                assertAll(name,
                        () -> assertEquals("admin-portal", env(container, "JITSSO_ADMIN_PORTAL_CLIENT_ID").get("value")),
                        () -> assertEquals("PT1M", env(container, "JITSSO_ADMIN_PORTAL_KEYS_CACHE_TTL").get("value")),
                        () -> assertEquals("PT5S", env(container, "JITSSO_ADMIN_PORTAL_SESSION_CHECK_TTL").get("value")),
                        () -> assertTrue(at(env(container, "JITSSO_INTERNAL_TOKEN"), "valueFrom.secretKeyRef") != null,
                                "each admin API asks session-service's internal API whether a token's session stands"),
                        () -> assertEquals("https://sso.example.com", env(container, "JITSSO_ISSUER_BASE_URL").get("value")));
            }
            Map<String, Object> provisioning = container(manifests.get("Deployment", "jitsso-provisioning-service"));
            assertEquals("http://jitsso-session-service:8081", env(provisioning, "JITSSO_SESSION_SERVICE_URL").get("value"));
        }

        @Test
        void generatesTheSuiteSecretsOnceAndKeepsThemOnUninstall() {
            Map<String, Object> secret = manifests.get("Secret", "jitsso-credentials");
            Map<String, Object> data = mapAt(secret, "data");

            assertEquals("keep", mapAt(secret, "metadata.annotations").get("helm.sh/resource-policy"));
            assertEquals(List.of("internal-token", "keys-master-key", "operator-token"), data.keySet().stream().sorted().toList());
            byte[] masterKey = Base64.getDecoder().decode(Base64.getDecoder().decode((String) data.get("keys-master-key")));
            assertEquals(32, masterKey.length);
            assertTrue(manifests.find("Secret", "jitsso-postgresql").isEmpty(),
                    "no database password given: the chart must not invent one");
        }

        @Test
        void reusesTheSecretsAlreadyStoredInTheClusterOnUpgrade() {
            String masterKey = Base64.getEncoder().encodeToString(new byte[32]);
            KUBERNETES.putSecret(NAMESPACE, "jitsso-credentials",
                    Map.of("internal-token", "kept-internal", "operator-token", "kept-operator", "keys-master-key", masterKey));
            try {
                Map<String, Object> data = mapAt(renderDefaults().get("Secret", "jitsso-credentials"), "data");

                assertEquals("kept-internal", decode(data.get("internal-token")));
                assertEquals("kept-operator", decode(data.get("operator-token")));
                assertEquals(masterKey, decode(data.get("keys-master-key")));
            } finally {
                KUBERNETES.clear();
            }
        }

        @Test
        void isolatesTheReleaseAndOpensSessionServiceOnlyToTheSuite() {
            Map<String, Object> defaultDeny = manifests.get("NetworkPolicy", "jitsso-default-deny");
            Map<String, Object> session = manifests.get("NetworkPolicy", SESSION.resource());
            List<Map<String, Object>> sessionIngress = listAt(session, "spec.ingress");
            Map<String, Object> suiteRule = sessionIngress.stream()
                    .filter(rule -> at(rule, "from[0].podSelector.matchExpressions") != null)
                    .findFirst().orElseThrow();

            assertAll(
                    () -> assertEquals(List.of("Ingress", "Egress"), at(defaultDeny, "spec.policyTypes")),
                    () -> assertNull(at(defaultDeny, "spec.ingress")),
                    () -> assertNull(at(defaultDeny, "spec.egress")),
                    () -> assertEquals(RELEASE, mapAt(defaultDeny, "spec.podSelector.matchLabels").get("app.kubernetes.io/instance")),
                    () -> assertEquals(List.of("migration-service", "provisioning-service", "sso-gateway"),
                            at(suiteRule, "from[0].podSelector.matchExpressions[0].values")),
                    () -> assertEquals(SESSION.port(), at(suiteRule, "ports[0].port")),
                    () -> assertEquals(SERVICES.stream().map(Service::resource).sorted().toList(),
                            manifests.namesOfKind("NetworkPolicy").stream().filter(name -> !name.endsWith("default-deny")).toList()));
        }

        @Test
        void opensEgressOnlyToDnsDatabaseKafkaSessionServiceAndUpstreamHttps() {
            Map<String, List<Integer>> expectedPorts = Map.of(
                    "sso-gateway", List.of(53, 53, 5432, 9092, SESSION.port(), MIGRATION_PORT, 443),
                    "session-service", List.of(53, 53, 5432, 9092),
                    "provisioning-service", List.of(53, 53, 5432, 9092, SESSION.port()),
                    "migration-service", List.of(53, 53, 5432, 9092, SESSION.port(), GATEWAY_PORT, 443));
            for (Service service : SERVICES) {
                Map<String, Object> policy = manifests.get("NetworkPolicy", service.resource());
                List<Integer> egressPorts = listAt(policy, "spec.egress").stream()
                        .flatMap(rule -> listAt(rule, "ports").stream())
                        .map(port -> (Integer) port.get("port"))
                        .toList();

                assertEquals(expectedPorts.get(service.name()), egressPorts, service.name());
            }
        }

        @Test
        void rendersADisruptionBudgetPerService() {
            assertEquals(SERVICES.stream().map(Service::resource).sorted().toList(), manifests.namesOfKind("PodDisruptionBudget"));
            for (Map<String, Object> budget : manifests.ofKind("PodDisruptionBudget")) {
                assertEquals(1, at(budget, "spec.maxUnavailable"));
            }
        }

        @Test
        void neverRoutesInternalOrManagementPathsThroughTheIngress() {
            Map<String, Object> session = manifests.get("Ingress", SESSION.resource());
            List<String> sessionPaths = listAt(session, "spec.rules[0].http.paths").stream()
                    .map(path -> (String) path.get("path")).toList();

            assertEquals(List.of("/t", "/v1/auth/session", "/admin", "/.well-known"), sessionPaths);
            for (Map<String, Object> ingress : manifests.ofKind("Ingress")) {
                for (Map<String, Object> path : listAt(ingress, "spec.rules[0].http.paths")) {
                    String prefix = (String) path.get("path");
                    assertAll(prefix,
                            () -> assertFalse(prefix.equals("/") || prefix.startsWith("/q") || prefix.startsWith("/internal")),
                            () -> assertEquals("Prefix", path.get("pathType")));
                }
            }
        }

        @Test
        void rendersNoAutoscalerAndFixedReplicas() {
            assertTrue(manifests.ofKind("HorizontalPodAutoscaler").isEmpty());
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                assertEquals(2, at(deployment, "spec.replicas"));
            }
        }
    }

    @Nested
    class ProductionValues {

        private final Manifests manifests = render(template -> template.withValuesFile(testValues("values-production.yaml")));

        @Test
        void exportsTracesFromEveryServiceWhenEnabled() {
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                Map<String, Object> container = container(deployment);
                assertAll(
                        () -> assertEquals("false", env(container, "QUARKUS_OTEL_SDK_DISABLED").get("value")),
                        () -> assertEquals("http://otel.observability:4318",
                                env(container, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").get("value")),
                        () -> assertEquals("http/protobuf", env(container, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").get("value")),
                        () -> assertEquals("0.25", env(container, "QUARKUS_OTEL_TRACES_SAMPLER_ARG").get("value")),
                        () -> assertEquals("true", env(container, "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_TRACING_ENABLED")
                                .get("value")));
            }
        }

        @Test
        void takesClientAddressesFromTheTrustedProxiesOnly() {
            for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
                Map<String, Object> container = container(deployment);
                assertAll(
                        () -> assertEquals("true", env(container, "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").get("value")),
                        () -> assertEquals("true", env(container, "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED").get("value")),
                        () -> assertEquals("10.42.0.0/16,10.43.0.10",
                                env(container, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").get("value")));
            }
        }

        @Test
        void passesTheProvisioningBatchSize() {
            Map<String, Object> container = container(manifests.get("Deployment", "jitsso-provisioning-service"));
            assertEquals("50", env(container, "JITSSO_CONSUMER_MAX_BATCH_SIZE").get("value"));
        }

        @Test
        void setsFixedReplicasWhenAutoscalingIsOff() {
            assertEquals(3, at(manifests.get("Deployment", "jitsso-sso-gateway"), "spec.replicas"));
        }

        @Test
        void replacesReplicasWithAnAutoscalerWhenEnabled() {
            Map<String, Object> deployment = manifests.get("Deployment", SESSION.resource());
            Map<String, Object> autoscaler = manifests.get("HorizontalPodAutoscaler", SESSION.resource());

            assertAll(
                    () -> assertFalse(mapAt(deployment, "spec").containsKey("replicas")),
                    () -> assertEquals(List.of(SESSION.resource()), manifests.namesOfKind("HorizontalPodAutoscaler")),
                    () -> assertEquals(3, at(autoscaler, "spec.minReplicas")),
                    () -> assertEquals(12, at(autoscaler, "spec.maxReplicas")),
                    () -> assertEquals(60, at(autoscaler, "spec.metrics[0].resource.target.averageUtilization")),
                    () -> assertEquals(SESSION.resource(), at(autoscaler, "spec.scaleTargetRef.name")));
        }

        @Test
        void usesExistingSecretsInsteadOfGeneratingThem() {
            Map<String, Object> session = container(manifests.get("Deployment", SESSION.resource()));

            assertAll(
                    () -> assertTrue(manifests.ofKind("Secret").isEmpty(), "every secret is external: nothing to render"),
                    () -> assertEquals(Map.of("name", "jitsso-db", "key", "password"),
                            at(env(session, "QUARKUS_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef")),
                    () -> assertEquals(Map.of("name", "jitsso-suite", "key", "internal"),
                            at(env(session, "JITSSO_INTERNAL_TOKEN"), "valueFrom.secretKeyRef")),
                    () -> assertEquals(Map.of("name", "jitsso-suite", "key", "operator"),
                            at(env(session, "JITSSO_OPERATOR_TOKEN"), "valueFrom.secretKeyRef")),
                    () -> assertEquals(Map.of("name", "jitsso-master-key", "key", "master-key"),
                            at(env(session, "JITSSO_KEYS_MASTER_KEY"), "valueFrom.secretKeyRef")));
        }

        @Test
        void pullsImagesFromTheConfiguredRegistryAndTags() {
            assertEquals("registry.internal.test/jitsso/sso-gateway:1.2.3",
                    container(manifests.get("Deployment", "jitsso-sso-gateway")).get("image"));
            assertEquals("registry.internal.test/jitsso/session-service:1.2.4",
                    container(manifests.get("Deployment", SESSION.resource())).get("image"));
        }

        @Test
        void terminatesTlsAtTheIngressAndSkipsServicesWithoutHost() {
            Map<String, Object> session = manifests.get("Ingress", SESSION.resource());

            assertAll(
                    () -> assertEquals(List.of("jitsso-migration-service", "jitsso-session-service", "jitsso-sso-gateway"),
                            manifests.namesOfKind("Ingress")),
                    () -> assertEquals("nginx", at(session, "spec.ingressClassName")),
                    () -> assertEquals(List.of("sso.acme.test"), at(session, "spec.tls[0].hosts")),
                    () -> assertEquals("jitsso-session-service-tls", at(session, "spec.tls[0].secretName")),
                    () -> assertEquals("sso.acme.test", at(session, "spec.rules[0].host")),
                    () -> assertEquals("https://sso.acme.test",
                            env(container(manifests.get("Deployment", SESSION.resource())), "JITSSO_ISSUER_BASE_URL").get("value")));
        }

        @Test
        void rendersNoNetworkPolicyWhenDisabled() {
            assertTrue(manifests.ofKind("NetworkPolicy").isEmpty());
        }

        @Test
        void appendsExtraEnvAfterTheChartVariables() {
            Map<String, Object> gateway = container(manifests.get("Deployment", "jitsso-sso-gateway"));
            List<String> names = envNames(gateway);

            assertEquals("DEBUG", env(gateway, "QUARKUS_LOG_LEVEL").get("value"));
            assertEquals("QUARKUS_LOG_LEVEL", names.get(names.size() - 1));
            assertFalse(envNames(container(manifests.get("Deployment", SESSION.resource()))).contains("QUARKUS_LOG_LEVEL"));
        }

        @Test
        void appendsDatabaseParametersAndSessionOverrides() {
            Map<String, Object> session = container(manifests.get("Deployment", SESSION.resource()));

            assertEquals("jdbc:postgresql://pg.db.svc.cluster.local:5432/jitsso_session?sslmode=verify-full",
                    env(session, "QUARKUS_DATASOURCE_JDBC_URL").get("value"));
            assertEquals("1000", env(session, "JITSSO_RATE_LIMIT_PER_CLIENT").get("value"));
        }
    }

    @Nested
    class Guards {

        @Test
        void refusesToRouteInternalApiOrManagementPaths() {
            for (String path : List.of("/internal", "/internal/sessions", "/q", "/q/metrics", "/")) {
                Exception failure = assertThrows(Exception.class,
                        () -> render(template -> template.set("ingress.paths.session[0]", path)), path);
                assertTrue(failure.getMessage().contains("ingress.paths.session"), failure::getMessage);
            }
        }

        @Test
        void refusesAMasterKeyThatIsNotThirtyTwoBytes() {
            String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

            Exception failure = assertThrows(Exception.class,
                    () -> render(template -> template.set("secrets.keysMasterKey.value", sixteenBytes)));
            assertTrue(failure.getMessage().contains("exactly 32 bytes"), failure::getMessage);
        }

        @Test
        void refusesKafkaSaslWithoutCredentials() {
            Exception failure = assertThrows(Exception.class,
                    () -> render(template -> template.set("kafka.sasl.enabled", true)));
            assertTrue(failure.getMessage().contains("kafka.sasl"), failure::getMessage);
        }

        @Test
        void rejectsUnknownValuesKeysInsteadOfIgnoringThem() {
            Exception failure = assertThrows(Exception.class,
                    () -> render(template -> template.set("gateway.replicas", 3)));
            assertTrue(failure.getMessage().contains("replicas"), failure::getMessage);
        }

        @Test
        void refusesTwoServicesOnOneHost() {
            Exception failure = assertThrows(Exception.class,
                    () -> render(template -> template.set("ingress.hosts.migration", "sso.example.com")));
            assertTrue(failure.getMessage().contains("own host"), failure::getMessage);
        }

        @Test
        void refusesToTrustEveryAddressAsAProxy() {
            for (String everyone : List.of("0.0.0.0/0", "::/0")) {
                assertThrows(Exception.class, () -> render(template -> template.set("ingress.trustedProxies[0]", everyone)),
                        everyone);
            }
            assertThrows(Exception.class, () -> render(template -> template.set("ingress.trustedProxies[0]", "*")));
            assertEquals("10.0.0.7", env(container(render(template -> template.set("ingress.trustedProxies[0]", "10.0.0.7"))
                    .get("Deployment", "jitsso-sso-gateway")), "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").get("value"));
        }
    }

    @Nested
    class WithoutMigrationService {

        private final Manifests manifests = render(template -> template.set("migration.enabled", false));

        @Test
        void theGatewayKnowsThereIsNoUserSchemaToAsk() {
            assertFalse(manifests.find("Deployment", "jitsso-migration-service").isPresent());
            Map<String, Object> container = container(manifests.get("Deployment", "jitsso-sso-gateway"));
            assertEquals("false", env(container, "JITSSO_MIGRATION_SERVICE_ENABLED").get("value"));
        }
    }

    @Nested
    class KafkaSasl {

        private final Manifests manifests = render(template -> template
                .set("kafka.bootstrapServers", "broker-a:9094,broker-b:9094")
                .set("kafka.sasl.enabled", true)
                .set("kafka.sasl.existingSecret", "kafka-user"));

        @Test
        void buildsTheJaasConfigFromSecretReferencesOnly() {
            Map<String, Object> gateway = container(manifests.get("Deployment", "jitsso-sso-gateway"));

            assertAll(
                    () -> assertEquals("SASL_SSL", env(gateway, "KAFKA_SECURITY_PROTOCOL").get("value")),
                    () -> assertEquals("SCRAM-SHA-512", env(gateway, "KAFKA_SASL_MECHANISM").get("value")),
                    () -> assertEquals("kafka-user", at(env(gateway, "KAFKA_SASL_PASSWORD"), "valueFrom.secretKeyRef.name")),
                    () -> assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required"
                                    + " username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";",
                            env(gateway, "KAFKA_SASL_JAAS_CONFIG").get("value")),
                    () -> assertTrue(envNames(gateway).indexOf("KAFKA_SASL_PASSWORD") < envNames(gateway).indexOf("KAFKA_SASL_JAAS_CONFIG"),
                            "$(VAR) only expands variables defined earlier"));
        }

        @Test
        void opensEgressToTheBootstrapPorts() {
            Map<String, Object> policy = manifests.get("NetworkPolicy", "jitsso-sso-gateway");
            List<Integer> egressPorts = listAt(policy, "spec.egress").stream()
                    .flatMap(rule -> listAt(rule, "ports").stream())
                    .map(port -> (Integer) port.get("port"))
                    .toList();

            assertTrue(egressPorts.contains(9094), () -> egressPorts.toString());
            assertFalse(egressPorts.contains(9092), () -> egressPorts.toString());
        }
    }
}
