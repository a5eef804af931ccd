package io.jitsso.testing.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jitsso.contracts.crypto.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC E3 for one service, without a native toolchain (docs/architecture.md ADR-17): every service
 * has a test extending this class, run from the module's directory. It checks the module's compiled
 * classes and those of the contracts it uses, its sources and its application.properties against what
 * a native image needs: per-process static state initialized at run time, JSON types registered for
 * reflection, no unregistered reflective calls, and every resource read at run time included.
 */
public abstract class NativeImageReadiness {

    private static final String CONTRACTS = "io.jitsso.contracts.";
    private static final Path SOURCES = Path.of("src/main/java");

    private final CompiledClasses module = CompiledClasses.of(Path.of("target/classes"), "");
    private final List<Class<?>> contracts =
            CompiledClasses.of(CompiledClasses.locationOf(Secrets.class), CONTRACTS).usedBy(module, CONTRACTS);
    private final NativeImageSettings settings =
            NativeImageSettings.read(Path.of("src/main/resources/application.properties"));

    @Test
    void perProcessStaticStateIsInitializedAtRunTime() {
        List<Class<?>> classes = new ArrayList<>(module.all());
        classes.addAll(contracts);
        assertEquals(List.of(), StaticStateCheck.builtIntoTheImage(classes, settings),
                "static fields made at image build time: move the value into a bean or a field set on first use,"
                        + " or add the class to --initialize-at-run-time in application.properties (ADR-17)");
    }

    @Test
    void runTimeInitializationNamesExistingClasses() {
        List<Class<?>> classes = new ArrayList<>(module.all());
        classes.addAll(CompiledClasses.of(CompiledClasses.locationOf(Secrets.class), CONTRACTS).all());
        assertEquals(List.of(), StaticStateCheck.unknownRunTimeEntries(classes, settings, "io.jitsso."),
                "--initialize-at-run-time names classes or packages that do not exist (native-image ignores them)");
    }

    @Test
    void jsonTypesAreRegisteredForReflection() {
        assertEquals(List.of(), JsonTypesCheck.unregistered(module, contracts),
                "JSON types a native image could not introspect: add them to the module's NativeReflection (ADR-17)");
    }

    @Test
    void reflectiveCallsAreRegistered() {
        assertEquals(List.of(), SourceCheck.unregisteredReflection(SOURCES),
                "reflection, service loading, proxies or providers native-image cannot see: register what they"
                        + " load and say where in a 'native-image:' comment on the line (ADR-17)");
    }

    @Test
    void resourcesReadAtRunTimeAreIncluded() {
        assertEquals(List.of(), SourceCheck.resourcesNotIncluded(SOURCES, settings),
                "resources opened at run time must be in quarkus.native.resources.includes (ADR-17)");
    }
}
