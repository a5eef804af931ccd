package io.jitsso.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The documents of a `helm template` output, parsed into maps, with lookups by kind, name and field path. */
final class Manifests {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final List<Map<String, Object>> documents;

    private Manifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    @SuppressWarnings("unchecked")
    static Manifests parse(String multiDocumentYaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(multiDocumentYaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return new Manifests(documents);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    List<String> namesOfKind(String kind) {
        return ofKind(kind).stream().map(document -> (String) at(document, "metadata.name")).sorted().toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(document -> name.equals(at(document, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseGet(() -> fail(kind + " " + name + " not rendered; have " + namesOfKind(kind)));
    }

    /** Value at a path such as {@code spec.template.spec.containers[0].ports[0].containerPort}; null if absent. */
    static Object at(Object node, String path) {
        Matcher segment = SEGMENT.matcher(path);
        Object current = node;
        while (segment.find() && current != null) {
            if (segment.group(1) != null) {
                current = current instanceof Map<?, ?> map ? map.get(segment.group(1)) : null;
            } else {
                int index = Integer.parseInt(segment.group(2));
                current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(Object node, String path) {
        Object value = at(node, path);
        if (!(value instanceof Map)) {
            fail("expected a map at " + path + " but found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listAt(Object node, String path) {
        Object value = at(node, path);
        if (!(value instanceof List)) {
            fail("expected a list at " + path + " but found " + value);
        }
        return (List<Map<String, Object>>) value;
    }

    /** The single container of a Deployment. */
    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = listAt(deployment, "spec.template.spec.containers");
        if (containers.size() != 1) {
            fail("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** The env entry of a container by variable name; fails when absent. */
    static Map<String, Object> env(Map<String, Object> container, String name) {
        return listAt(container, "env").stream()
                .filter(variable -> name.equals(variable.get("name")))
                .findFirst()
                .orElseGet(() -> fail("env " + name + " not set on container " + container.get("name")));
    }

    static List<String> envNames(Map<String, Object> container) {
        return listAt(container, "env").stream().map(variable -> (String) variable.get("name")).toList();
    }
}
