package io.jitsso.gateway.protocol.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.util.GlobUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that the gateway's SAML code builds into a working native image (SPEC E3) without a native
 * toolchain: everything OpenSAML's and xmlsec's initialization loads by name, read from the real jars
 * ({@link OpenSamlNativeNeeds}), is registered by {@link OpenSamlReflection} and {@code application.properties},
 * and nothing else is. Adding an OpenSAML module, upgrading a jar or dropping a registration fails here.
 */
class OpenSamlNativeRegistrationTest {

    /** Where the registration source this test expects is written when the checked-in one is out of step. */
    private static final Path EXPECTED_SOURCE = Path.of("target", "native-registrations", "OpenSamlReflection.java");

    /** Classes holding a {@code SecureRandom} in a static field, which must not be initialized at image build time. */
    private static final List<String> STATIC_SECURE_RANDOM = List.of(
            "io.jitsso.gateway.protocol.saml.SpKeys", "io.jitsso.contracts.crypto.Secrets");

    private static OpenSamlNativeNeeds needs;
    private static Set<String> registered;
    private static Properties settings;

    @BeforeAll
    static void read() throws IOException {
        needs = OpenSamlNativeNeeds.read();
        RegisterForReflection annotation = OpenSamlReflection.class.getAnnotation(RegisterForReflection.class);
        assertNotNull(annotation, "OpenSamlReflection must carry @RegisterForReflection");
        registered = new TreeSet<>(Arrays.asList(annotation.classNames()));
        settings = new Properties();
        try (InputStream in = SamlXml.class.getResourceAsStream("/application.properties")) {
            assertNotNull(in, "application.properties is not on the test classpath");
            settings.load(in);
        }
    }

    @Test
    void theJarsAreReadAsTheInitializationReadsThem() {
        Map<String, Set<String>> sources = needs.classesBySource();
        assertTrue(sources.keySet().containsAll(List.of("default-config.xml", "saml2-protocol-config.xml",
                "saml2-assertion-config.xml", "saml2-metadata-config.xml", "signature-config.xml", "encryption-config.xml")),
                () -> "configuration files found: " + sources.keySet());
        assertTrue(sources.get("META-INF/services/org.opensaml.core.config.Initializer")
                .contains("org.opensaml.xmlsec.config.impl.ApacheXMLSecurityInitializer"));
        assertTrue(sources.get("saml2-protocol-config.xml").contains("org.opensaml.saml.saml2.core.impl.ResponseUnmarshaller"));
        assertTrue(sources.get("xmlsec SignatureAlgorithm registry")
                .contains("org.apache.xml.security.algorithms.implementations.SignatureBaseRSA$SignatureRSASHA256"));
        assertTrue(needs.classNames().size() > 800, () -> "only " + needs.classNames().size() + " classes found");
    }

    @Test
    void everyClassLoadedByNameIsRegistered() throws IOException {
        Map<String, String> missing = new LinkedHashMap<>();
        needs.classesBySource().forEach((source, names) -> names.stream().filter(name -> !registered.contains(name))
                .forEach(name -> missing.putIfAbsent(name, name + " (" + source + ")")));
        if (!missing.isEmpty()) {
            fail(missing.size() + " classes loaded by name are not registered for reflection in OpenSamlReflection: "
                    + String.join(", ", missing.values()) + writeExpectedSource());
        }
    }

    @Test
    void everyRegisteredClassExistsAndIsStillLoaded() throws IOException {
        List<String> absent = registered.stream().filter(name -> !exists(name)).toList();
        assertTrue(absent.isEmpty(), () -> "registered classes that do not exist: " + absent);
        Set<String> stale = new TreeSet<>(registered);
        stale.removeAll(needs.classNames());
        if (!stale.isEmpty()) {
            fail("registered, but no longer loaded by name by the initialization: " + stale + writeExpectedSource());
        }
    }

    @Test
    void everyResourceReadAtRunTimeIsANativeResource() {
        List<Pattern> includes = Arrays.stream(settings.getProperty("quarkus.native.resources.includes", "").split(","))
                .map(String::trim).filter(glob -> !glob.isEmpty())
                .map(glob -> Pattern.compile(GlobUtil.toRegexPattern(glob))).toList();
        for (String resource : needs.resources()) {
            assertNotNull(SamlXml.class.getClassLoader().getResource(resource), () -> resource + " is not on the classpath");
            assertTrue(includes.stream().anyMatch(glob -> glob.matcher(resource).matches()),
                    () -> resource + " is read at run time but not matched by quarkus.native.resources.includes");
        }
        for (Pattern glob : includes) {
            assertTrue(needs.resources().stream().anyMatch(resource -> glob.matcher(resource).matches()),
                    () -> "quarkus.native.resources.includes has a pattern no needed resource matches: " + glob);
        }
    }

    @Test
    void theLibrariesAndClassesWithRandomStateAreInitializedAtRunTime() {
        Set<String> runtimeInitialized = runtimeInitialized();
        Set<String> buildTime = needs.classNames().stream()
                .filter(name -> runtimeInitialized.stream().noneMatch(prefix -> covers(prefix, name)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(buildTime.isEmpty(), () -> "classes loaded by name whose package is not initialized at run time: "
                + buildTime);
        assertTrue(runtimeInitialized.stream().anyMatch(prefix -> covers(prefix, SamlXml.class.getName())),
                "the SAML package holds OpenSAML objects in static fields: initialize it at run time");
        for (String name : STATIC_SECURE_RANDOM) {
            assertTrue(exists(name), () -> name + " is gone: update STATIC_SECURE_RANDOM");
            assertTrue(runtimeInitialized.stream().anyMatch(prefix -> covers(prefix, name)),
                    () -> name + " holds a SecureRandom in a static field; initialize it at run time");
        }
    }

    @Test
    void theJdkXmlFactoriesAreRegisteredByQuarkusJaxp() {
        // OpenSAML's parser pools and java-support's DOMTypeSupport call DocumentBuilderFactory and DatatypeFactory
        // newInstance(), which find the JDK's implementations by class name; quarkus-jaxp registers them
        assertNotNull(SamlXml.class.getClassLoader().getResource("META-INF/maven/io.quarkus/quarkus-jaxp/pom.properties"),
                "io.quarkus:quarkus-jaxp is not a dependency of the gateway");
    }

    @Test
    void xmlsecRegistersItsAlgorithmsInCodeAndNeverReadsItsConfigurationFile() {
        // with this property set, Init.init() would read the named XML file and load every class it names
        assertNull(System.getProperty("org.apache.xml.security.resource.config"));
        // with this one set, XMLUtils would load the named parser class reflectively
        assertNull(System.getProperty("org.apache.xml.security.XMLParser"));
        assertEquals(List.of(), List.of(settings.getProperty("quarkus.native.additional-build-args", "").split(","))
                .stream().filter(arg -> arg.contains("org.apache.xml.security.resource.config")
                        || arg.contains("org.apache.xml.security.XMLParser")).toList());
    }

    /** The packages and classes named by {@code --initialize-at-run-time} in the native build arguments. */
    private static Set<String> runtimeInitialized() {
        String args = settings.getProperty("quarkus.native.additional-build-args", "");
        Set<String> names = new LinkedHashSet<>();
        // build arguments are separated by unescaped commas; "\," is a comma inside one argument
        for (String arg : args.split("(?<!\\\\),")) {
            String value = arg.trim();
            if (value.startsWith("--initialize-at-run-time=")) {
                Arrays.stream(value.substring("--initialize-at-run-time=".length()).split("\\\\,"))
                        .map(String::trim).forEach(names::add);
            }
        }
        return names;
    }

    private static boolean covers(String prefix, String className) {
        return className.equals(prefix) || className.startsWith(prefix + ".");
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, SamlXml.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String writeExpectedSource() throws IOException {
        Files.createDirectories(EXPECTED_SOURCE.getParent());
        Files.writeString(EXPECTED_SOURCE, needs.registrationSource(), StandardCharsets.UTF_8);
        return "\nThe registrations the jars need are in " + EXPECTED_SOURCE.toAbsolutePath()
                + ": review it and copy it over src/main/java/io/jitsso/gateway/protocol/saml/OpenSamlReflection.java";
    }
}
