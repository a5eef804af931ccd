package io.jitsso.testing.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes compiled from one code base (a module's {@code target/classes}, or the contracts jar),
 * loaded without running their initializers, with the class-file bytes kept for {@link #referencedBy}.
 */
public final class CompiledClasses {

    private final Map<Class<?>, byte[]> classes;

    private CompiledClasses(Map<Class<?>, byte[]> classes) {
        this.classes = classes;
    }

    /** The classes of a directory or jar whose names start with {@code packagePrefix} ("" for all). */
    public static CompiledClasses of(Path location, String packagePrefix) {
        Map<String, byte[]> files = Files.isDirectory(location) ? fromDirectory(location) : fromJar(location);
        String prefix = packagePrefix.replace('.', '/');
        Map<Class<?>, byte[]> loaded = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix) && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")) {
                loaded.put(load(path.substring(0, path.length() - ".class".length()).replace('/', '.')), bytes);
            }
        });
        return new CompiledClasses(loaded);
    }

    /** Where the class was loaded from: a classes directory or a jar. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Built for tests of the checks themselves: these classes, without class files. */
    static CompiledClasses of(Class<?>... types) {
        Map<Class<?>, byte[]> loaded = new LinkedHashMap<>();
        for (Class<?> type : types) {
            loaded.put(type, new byte[0]);
        }
        return new CompiledClasses(loaded);
    }

    public List<Class<?>> all() {
        return new ArrayList<>(classes.keySet());
    }

    /**
     * Names of classes under {@code packagePrefix} that these classes refer to: constant-pool entries
     * are plain text in a class file, so this finds every type used in code, signatures and descriptors.
     */
    public Set<String> referencedBy(String packagePrefix) {
        Pattern name = Pattern.compile(Pattern.quote(packagePrefix.replace('.', '/')) + "[A-Za-z0-9_$/]+");
        Set<String> found = new TreeSet<>();
        for (byte[] bytes : classes.values()) {
            Matcher matcher = name.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            while (matcher.find()) {
                found.add(matcher.group().replace('/', '.'));
            }
        }
        return found;
    }

    /**
     * The classes of this code base, all under {@code packagePrefix}, that {@code users} refer to,
     * directly or through one another (the contracts classes a service uses, say).
     */
    public List<Class<?>> usedBy(CompiledClasses users, String packagePrefix) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        classes.keySet().forEach(type -> byName.put(type.getName(), type));
        Set<String> used = new TreeSet<>();
        List<String> pending = new ArrayList<>(users.referencedBy(packagePrefix));
        while (!pending.isEmpty()) {
            Class<?> type = byName.get(pending.remove(pending.size() - 1));
            if (type != null && used.add(type.getName())) {
                pending.addAll(only(type).referencedBy(packagePrefix));
            }
        }
        return used.stream().map(byName::get).toList();
    }

    private CompiledClasses only(Class<?> type) {
        return new CompiledClasses(Map.of(type, classes.get(type)));
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + className + " to inspect it: " + e, e);
        }
    }

    private static Map<String, byte[]> fromDirectory(Path root) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".class")).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Map<String, byte[]> fromJar(Path jar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        files.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
