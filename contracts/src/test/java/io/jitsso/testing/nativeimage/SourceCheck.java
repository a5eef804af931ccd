package io.jitsso.testing.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the main sources do that a native image only supports when told: reflection on classes named
 * at run time, service loading, dynamic proxies, native libraries, security providers, and reading
 * classpath resources. Read from the sources, line by line: these calls are few, and a line that is
 * registered on purpose says so with a {@code native-image:} comment naming where.
 */
public final class SourceCheck {

    /** Calls that need a registration the build cannot derive by itself. */
    private static final Pattern NEEDS_REGISTRATION = Pattern.compile(
            "Class\\.forName\\(|\\.loadClass\\(|ServiceLoader\\.|Proxy\\.newProxyInstance\\(|MethodHandles\\."
                    + "|\\.getDeclared(Field|Method|Constructor)s?\\(|\\.get(Method|Field|Constructor)\\((?!\\s*\\))"
                    + "|\\.getRecordComponents\\(|\\.newInstance\\(|\\.setAccessible\\(|System\\.load(Library)?\\("
                    + "|Security\\.(addProvider|insertProviderAt)\\(");
    private static final String MARKER = "native-image:";
    private static final Pattern RESOURCE_CALL = Pattern.compile(
            "(\\w+)\\.class\\.getResource(?:AsStream)?\\(\\s*([^)]*)\\)|getResource(?:AsStream|s)?\\(\\s*([^)]*)\\)");

    private SourceCheck() {
    }

    /** {@code file:line: code} for each call needing a registration, without a {@code native-image:} note. */
    public static List<String> unregisteredReflection(Path sourceRoot) {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(sourceRoot)) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean noted = line.contains(MARKER) || i > 0 && lines.get(i - 1).contains(MARKER);
                if (NEEDS_REGISTRATION.matcher(line).find() && !noted && !isComment(line)) {
                    found.add(sourceRoot.relativize(file) + ":" + (i + 1) + ": " + line.trim());
                }
            }
        }
        return found;
    }

    /**
     * Classpath resources the sources open that {@code quarkus.native.resources.includes} does not
     * include (a native image holds only included resources). The name is the call's string literal
     * or a string constant of the same file; a name built at run time cannot be checked and is reported.
     */
    public static List<String> resourcesNotIncluded(Path sourceRoot, NativeImageSettings settings) {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(sourceRoot)) {
            String source = String.join("\n", lines(file));
            Matcher call = RESOURCE_CALL.matcher(source);
            while (call.find()) {
                boolean relativeToClass = call.group(1) != null;
                String argument = (relativeToClass ? call.group(2) : call.group(3)).trim();
                String name = resolve(argument, source);
                String where = sourceRoot.relativize(file) + ": getResource(" + argument + ")";
                if (name == null) {
                    found.add(where + ": the name is not a constant of this file");
                    continue;
                }
                String resource = name.startsWith("/") ? name.substring(1)
                        : relativeToClass ? packagePath(sourceRoot, file) + name : name;
                if (!settings.included(resource)) {
                    found.add(where + ": " + resource + " is not in quarkus.native.resources.includes");
                }
            }
        }
        return found;
    }

    private static String resolve(String argument, String source) {
        if (argument.matches("\"[^\"]*\"")) {
            return argument.substring(1, argument.length() - 1);
        }
        if (argument.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            Matcher constant = Pattern.compile("\\b" + argument + "\\s*=\\s*\"([^\"]*)\"\\s*;").matcher(source);
            return constant.find() ? constant.group(1) : null;
        }
        return null;
    }

    private static String packagePath(Path sourceRoot, Path file) {
        Path parent = sourceRoot.relativize(file).getParent();
        return parent == null ? "" : parent.toString().replace('\\', '/') + "/";
    }

    private static boolean isComment(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*");
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
