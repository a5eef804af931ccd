package io.jitsso.testing.nativeimage;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Types Jackson (de)serializes by reflection must be registered for it in a native image, where an
 * unregistered class shows no fields, methods or record components: Jackson then fails with "no
 * serializer found" or reads nothing. The check finds the JSON types of a module by where they live
 * and how they are used, follows their field types, and names each one that neither
 * {@code @RegisterForReflection} nor Quarkus' own REST registration covers ({@link ReflectionRegistry}).
 *
 * <p>JSON types, found without running anything:
 * <ul>
 * <li>records of the {@code api}, {@code client} and {@code error} packages (request and response
 * bodies, bodies of other services' APIs, problem documents), except private ones;
 * <li>classes carrying Jackson annotations, the module's own and the contracts' it uses (events);
 * <li>what a {@code TypeReference} names, and the types of {@code @JdbcTypeCode(SqlTypes.JSON)} columns.
 * </ul>
 * A type only ever passed to our own ObjectMapper from another package, without Jackson annotations,
 * is not found: give it one (it needs its naming or inclusion settings anyway) or keep it in those packages.
 */
public final class JsonTypesCheck {

    private static final Set<String> JSON_PACKAGES = Set.of("api", "client", "error");
    private static final int SQL_TYPES_JSON = 3001;

    private JsonTypesCheck() {
    }

    /** One line per JSON type a native image could not introspect, with the type it was reached from. */
    public static List<String> unregistered(CompiledClasses module, Collection<Class<?>> contractsInUse) {
        ReflectionRegistry registry = new ReflectionRegistry(module.all());
        Set<Class<?>> roots = new LinkedHashSet<>();
        for (Class<?> type : module.all()) {
            if (inJsonPackage(type) && type.isRecord() && !Modifier.isPrivate(type.getModifiers())
                    || jacksonAnnotated(type)) {
                roots.add(type);
            }
            addTypeReferenceArgument(type, roots);
            addJsonColumns(type, roots);
        }
        for (Class<?> type : contractsInUse) {
            if (jacksonAnnotated(type)) {
                roots.add(type);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Class<?>, Class<?>> reached : TypeGraph.reachableWithRoots(roots).entrySet()) {
            Class<?> type = reached.getKey();
            if (!registry.registeredByHand(type) && !registry.registeredByQuarkus(type)) {
                missing.add(type.getName() + (reached.getValue() == type ? "" : " (in " + reached.getValue().getName() + ")"));
            }
        }
        missing.sort(null);
        return missing;
    }

    private static boolean inJsonPackage(Class<?> type) {
        String name = type.getPackageName();
        return JSON_PACKAGES.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    private static boolean jacksonAnnotated(Class<?> type) {
        for (Annotation annotation : type.getAnnotations()) {
            if (annotation.annotationType().getName().startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }

    /** {@code new TypeReference<List<Foo>>() {}} compiles to a subclass whose generic superclass names Foo. */
    private static void addTypeReferenceArgument(Class<?> type, Set<Class<?>> roots) {
        Type superclass = type.getGenericSuperclass();
        if (superclass instanceof ParameterizedType parameterized
                && parameterized.getRawType().getTypeName().equals("com.fasterxml.jackson.core.type.TypeReference")) {
            TypeGraph.collect(parameterized, roots);
        }
    }

    /** Hibernate writes {@code @JdbcTypeCode(SqlTypes.JSON)} columns with a plain Jackson mapper. */
    private static void addJsonColumns(Class<?> type, Set<Class<?>> roots) {
        for (Field field : type.getDeclaredFields()) {
            for (Annotation annotation : field.getAnnotations()) {
                if (annotation.annotationType().getName().equals("org.hibernate.annotations.JdbcTypeCode")
                        && jdbcTypeCode(annotation) == SQL_TYPES_JSON) {
                    TypeGraph.collect(field.getGenericType(), roots);
                }
            }
        }
    }

    private static int jdbcTypeCode(Annotation annotation) {
        try {
            return (int) annotation.annotationType().getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unreadable " + annotation, e);
        }
    }
}
