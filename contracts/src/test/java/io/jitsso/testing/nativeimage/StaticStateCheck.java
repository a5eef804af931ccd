package io.jitsso.testing.nativeimage;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Static fields whose value must not be made while the image is built. Quarkus has native-image
 * initialize classes at build time, so a static field's value is computed on the build machine and
 * stored in the image: a random generator with its seed (GraalVM refuses it), a thread or a pool (sized
 * for the build machine, its threads not running), a key, a clock reading, an open file or socket.
 * Such a field must sit in a class initialized at run time. Judged by the field's declared type: a
 * value hidden behind {@code Object} or inside a collection is not seen.
 */
public final class StaticStateCheck {

    /** Types whose instances belong to one running process, never to an image file. */
    static final List<Class<?>> PER_PROCESS = List.of(
            java.util.Random.class, java.util.SplittableRandom.class, Thread.class, java.util.concurrent.Executor.class,
            java.util.Timer.class, java.security.Key.class, java.security.KeyPair.class, javax.crypto.Cipher.class,
            javax.crypto.Mac.class, java.security.Signature.class, java.time.Clock.class,
            java.time.temporal.Temporal.class, java.io.Closeable.class);

    private StaticStateCheck() {
    }

    /** One line per static per-process field outside the run-time-initialized classes. */
    public static List<String> builtIntoTheImage(Collection<Class<?>> classes, NativeImageSettings settings) {
        List<String> found = new ArrayList<>();
        for (Class<?> type : classes) {
            if (settings.initializedAtRunTime(type.getName())) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && !field.isSynthetic() && perProcess(field.getType())) {
                    found.add(type.getName() + "." + field.getName() + " (" + field.getType().getSimpleName() + ")");
                }
            }
        }
        found.sort(null);
        return found;
    }

    /**
     * Run-time entries of ours that name no class or package of these classes: a typo there is
     * silently ignored by native-image, and the class is initialized at build time after all.
     */
    public static List<String> unknownRunTimeEntries(Collection<Class<?>> classes, NativeImageSettings settings,
            String ownPackagePrefix) {
        List<String> unknown = new ArrayList<>();
        for (String entry : settings.runTimeInitialized()) {
            boolean known = classes.stream().anyMatch(type -> type.getName().equals(entry)
                    || type.getName().startsWith(entry + "."));
            if (entry.startsWith(ownPackagePrefix) && !known) {
                unknown.add(entry);
            }
        }
        return unknown;
    }

    private static boolean perProcess(Class<?> type) {
        return PER_PROCESS.stream().anyMatch(hostile -> hostile.isAssignableFrom(type));
    }
}
