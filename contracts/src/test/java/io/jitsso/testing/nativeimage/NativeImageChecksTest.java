package io.jitsso.testing.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native-image checks every service runs (NativeImageReadiness) find what they are meant to find. */
class NativeImageChecksTest {

    static final class HoldsRandom {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    static final class HoldsPool {
        static final ExecutorService POOL = Executors.newSingleThreadExecutor();
    }

    static final class HoldsStartTime {
        static final Instant STARTED = Instant.now();
        final Instant perInstance = Instant.now();
    }

    static final class Harmless {
        static final Pattern ID = Pattern.compile("[a-z]+");
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String id, Detail detail, List<Item> items) {
        enum Kind { A, B }

        record Detail(Kind kind) {
        }
    }

    record Item(String name) {
    }

    record Column(String value) {
    }

    record Unused(String value) {
    }

    @RegisterForReflection(targets = Event.class)
    static final class Registrations {
    }

    @RegisterForReflection(targets = Item.class, methods = false, fields = false)
    static final class ConstructorsOnly {
    }

    static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() {
    };

    @Test
    void staticPerProcessStateIsReportedUnlessInitializedAtRunTime() {
        NativeImageSettings settings = new NativeImageSettings(List.of(HoldsPool.class.getName()), List.of());
        List<Class<?>> classes = List.of(HoldsRandom.class, HoldsPool.class, HoldsStartTime.class, Harmless.class);

        assertEquals(List.of(HoldsRandom.class.getName() + ".RANDOM (SecureRandom)",
                HoldsStartTime.class.getName() + ".STARTED (Instant)"), StaticStateCheck.builtIntoTheImage(classes, settings));
    }

    @Test
    void aPackageEntryCoversItsClassesButAClassEntryNotItsNestedClasses() {
        NativeImageSettings settings = new NativeImageSettings(
                List.of("io.jitsso.testing", NativeImageChecksTest.class.getName()), List.of());
        assertTrue(settings.initializedAtRunTime(HoldsRandom.class.getName()));

        NativeImageSettings classOnly = new NativeImageSettings(List.of(NativeImageChecksTest.class.getName()), List.of());
        assertFalse(classOnly.initializedAtRunTime(HoldsRandom.class.getName()));
        assertFalse(classOnly.initializedAtRunTime("io.jitsso.testing.nativeimage.NativeImageChecksTestX"));
    }

    @Test
    void runTimeEntriesOfOursMustExist() {
        NativeImageSettings settings = new NativeImageSettings(List.of(HoldsPool.class.getName(), "io.jitsso.testing",
                "io.jitsso.testing.nativeimage.Gone", "org.opensaml"), List.of());

        assertEquals(List.of("io.jitsso.testing.nativeimage.Gone"),
                StaticStateCheck.unknownRunTimeEntries(List.of(HoldsPool.class), settings, "io.jitsso."));
    }

    @Test
    void jsonTypesAreFollowedThroughTheirFieldsAndMustBeRegistered() {
        CompiledClasses module = CompiledClasses.of(Event.class, Event.Detail.class, Event.Kind.class, Item.class,
                Column.class, Unused.class, Registrations.class, ConstructorsOnly.class, COLUMNS.getClass());

        // Event is registered with its nested types; Item only without methods and fields, which Jackson
        // cannot use; Column is named by a TypeReference; Unused is no JSON type at all
        assertEquals(List.of(Column.class.getName(), Item.class.getName() + " (in " + Event.class.getName() + ")"),
                JsonTypesCheck.unregistered(module, List.of()));
    }

    @Test
    void reflectiveCallsNeedANote(@TempDir Path sources) throws IOException {
        write(sources, "a/Calls.java", """
                class Calls {
                    Object forName() throws Exception { return Class.forName("a.B"); }
                    Object noted() throws Exception { return Class.forName("a.C"); } // native-image: registered in R
                    // native-image: registered in R
                    Object notedAbove() throws Exception { return Calls.class.getDeclaredFields(); }
                    String httpMethod(io.vertx.core.http.HttpServerRequest request) { return request.getMethod().name(); }
                    Object lookup() throws Exception { return Calls.class.getMethod("forName"); }
                }
                """);

        assertEquals(List.of("a/Calls.java:2: Object forName() throws Exception { return Class.forName(\"a.B\"); }",
                        "a/Calls.java:7: Object lookup() throws Exception { return Calls.class.getMethod(\"forName\"); }"),
                SourceCheck.unregisteredReflection(sources));
    }

    @Test
    void resourcesOpenedAtRunTimeMustBeIncluded(@TempDir Path sources) throws IOException {
        write(sources, "a/b/Reads.java", """
                class Reads {
                    private static final String MESSAGES = "/messages/en.properties";
                    void read(String name) {
                        Reads.class.getResourceAsStream("data.json");
                        Reads.class.getResourceAsStream(MESSAGES);
                        Thread.currentThread().getContextClassLoader().getResource("templates/page.html");
                        Reads.class.getResource(name);
                    }
                }
                """);
        NativeImageSettings settings = new NativeImageSettings(List.of(), List.of("a/b/*.json", "messages/**"));

        assertEquals(List.of("a/b/Reads.java: getResource(\"templates/page.html\"): templates/page.html is not in"
                        + " quarkus.native.resources.includes",
                "a/b/Reads.java: getResource(name): the name is not a constant of this file"),
                SourceCheck.resourcesNotIncluded(sources, settings));
    }

    @Test
    void settingsAreReadAsQuarkusReadsThem(@TempDir Path directory) throws IOException {
        Path properties = write(directory, "application.properties", """
                quarkus.native.resources.includes=a.xml,schema/*.xsd,\\
                  META-INF/services/org.example.*
                quarkus.native.additional-build-args=-H:+Example,--initialize-at-run-time=org.example\\\\,\\
                  io.jitsso.contracts.crypto.Secrets
                """);

        NativeImageSettings settings = NativeImageSettings.read(properties);

        assertEquals(List.of("org.example", "io.jitsso.contracts.crypto.Secrets"), settings.runTimeInitialized());
        assertTrue(settings.included("schema/x.xsd"));
        assertTrue(settings.included("META-INF/services/org.example.Spi"));
        assertFalse(settings.included("schema/deeper/x.xsd"));
    }

    private static Path write(Path root, String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
