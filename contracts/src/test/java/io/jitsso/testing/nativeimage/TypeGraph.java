package io.jitsso.testing.nativeimage;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Our own types ({@code io.jitsso.*}) as Jackson walks them: a type, the types in its generic
 * arguments, and the types of its instance fields (a record's components), through superclasses.
 * JDK, Jackson and Vert.x types are left out: their (de)serializers need no reflection of ours.
 */
final class TypeGraph {

    static final String OURS = "io.jitsso.";

    private TypeGraph() {
    }

    /** Adds the classes of ours that {@code type} names, generic arguments and array elements included. */
    static void collect(Type type, Collection<Class<?>> into) {
        if (type instanceof Class<?> raw) {
            Class<?> element = raw;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (element.getName().startsWith(OURS)) {
                into.add(element);
            }
        } else if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), into);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, into);
            }
        } else if (type instanceof GenericArrayType array) {
            collect(array.getGenericComponentType(), into);
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                collect(bound, into);
            }
        } else if (type instanceof TypeVariable<?> variable) {
            for (Type bound : variable.getBounds()) {
                collect(bound, into);
            }
        }
    }

    /** Every type of ours reachable from the roots through field types, each with the root it came from. */
    static Map<Class<?>, Class<?>> reachableWithRoots(Collection<Class<?>> roots) {
        Map<Class<?>, Class<?>> rootOf = new LinkedHashMap<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        for (Class<?> root : roots) {
            if (rootOf.putIfAbsent(root, root) == null) {
                pending.add(root);
            }
        }
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            for (Class<?> step = type; step != null && step.getName().startsWith(OURS); step = step.getSuperclass()) {
                for (Field field : step.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                        continue;
                    }
                    Set<Class<?>> named = new java.util.LinkedHashSet<>();
                    collect(field.getGenericType(), named);
                    for (Class<?> next : named) {
                        if (rootOf.putIfAbsent(next, rootOf.get(type)) == null) {
                            pending.add(next);
                        }
                    }
                }
            }
        }
        return rootOf;
    }

    static Set<Class<?>> reachableFrom(Collection<Class<?>> roots) {
        return reachableWithRoots(roots).keySet();
    }
}
