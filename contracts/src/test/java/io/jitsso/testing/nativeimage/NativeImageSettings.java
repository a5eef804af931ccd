package io.jitsso.testing.nativeimage;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What a service's application.properties tells native-image: the classes and packages initialized at
 * run time ({@code --initialize-at-run-time} in {@code quarkus.native.additional-build-args}) and the
 * resources it includes ({@code quarkus.native.resources.includes}), read the way Quarkus reads them:
 * list elements split at unescaped commas, {@code \,} keeping a comma inside one element.
 */
public record NativeImageSettings(List<String> runTimeInitialized, List<String> resourceIncludes) {

    private static final String RUN_TIME = "--initialize-at-run-time=";

    public NativeImageSettings {
        runTimeInitialized = List.copyOf(runTimeInitialized);
        resourceIncludes = List.copyOf(resourceIncludes);
    }

    public static NativeImageSettings read(Path applicationProperties) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(applicationProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + applicationProperties, e);
        }
        List<String> runTime = new ArrayList<>();
        for (String argument : list(properties.getProperty("quarkus.native.additional-build-args"))) {
            if (argument.startsWith(RUN_TIME)) {
                for (String entry : argument.substring(RUN_TIME.length()).split(",")) {
                    runTime.add(entry.trim());
                }
            }
        }
        return new NativeImageSettings(runTime, list(properties.getProperty("quarkus.native.resources.includes")));
    }

    /**
     * Whether native-image initializes the class at run time: its name or one of its packages is
     * listed. A nested class is a class of its own ({@code Outer$Inner}): listing {@code Outer} does
     * not cover it.
     */
    public boolean initializedAtRunTime(String className) {
        for (String entry : runTimeInitialized) {
            if (className.equals(entry) || className.startsWith(entry + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a classpath resource (no leading slash) matches one of the include globs. */
    public boolean included(String resource) {
        return resourceIncludes.stream().anyMatch(glob -> globPattern(glob).matcher(resource).matches());
    }

    /** Quarkus' glob syntax: {@code *} within one path segment, {@code **} across segments, {@code ?} one character. */
    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> elements = new ArrayList<>();
        for (String element : value.split("(?<!\\\\),")) {
            String trimmed = element.replace("\\,", ",").trim();
            if (!trimmed.isEmpty()) {
                elements.add(trimmed);
            }
        }
        return elements;
    }
}
