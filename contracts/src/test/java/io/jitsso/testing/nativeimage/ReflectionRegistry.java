package io.jitsso.testing.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which classes a service's native image can introspect with reflection (what Jackson does to a type it
 * has no serializer for): those registered with {@code @RegisterForReflection} (methods and fields, on the
 * class itself or through {@code targets}/{@code classNames} of any class of the module, nested classes
 * included unless {@code ignoreNested}), and those Quarkus registers by itself: the types in the
 * signatures of REST resource and REST client methods, with the types of their fields, as quarkus-rest
 * does. An entity built into a {@code Response}, an exception mapper's body, or a type that only our own
 * ObjectMapper sees, is registered by neither.
 */
final class ReflectionRegistry {

    private final Set<String> registered = new HashSet<>();
    private final Set<String> registeredWithNested = new HashSet<>();
    private final Set<Class<?>> registeredByQuarkus;

    ReflectionRegistry(Collection<Class<?>> moduleClasses) {
        Set<Class<?>> restSignatures = new HashSet<>();
        for (Class<?> type : moduleClasses) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration != null && registration.methods() && registration.fields()) {
                boolean hasTargets = registration.targets().length > 0 || registration.classNames().length > 0;
                if (!hasTargets) {
                    add(type.getName(), registration.ignoreNested());
                }
                for (Class<?> target : registration.targets()) {
                    add(target.getName(), registration.ignoreNested());
                }
                for (String name : registration.classNames()) {
                    add(name, registration.ignoreNested());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (isRestMethod(method)) {
                    TypeGraph.collect(method.getGenericReturnType(), restSignatures);
                    for (Type parameter : method.getGenericParameterTypes()) {
                        TypeGraph.collect(parameter, restSignatures);
                    }
                }
            }
        }
        registeredByQuarkus = TypeGraph.reachableFrom(restSignatures);
    }

    /** Registered by hand: the class itself, or an enclosing class whose nested classes are included. */
    boolean registeredByHand(Class<?> type) {
        if (registered.contains(type.getName())) {
            return true;
        }
        for (Class<?> outer = type.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            if (registeredWithNested.contains(outer.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Reached from a REST method's signature, which quarkus-rest registers with its fields' types. */
    boolean registeredByQuarkus(Class<?> type) {
        return registeredByQuarkus.contains(type);
    }

    private void add(String className, boolean ignoreNested) {
        registered.add(className);
        if (!ignoreNested) {
            registeredWithNested.add(className);
        }
    }

    /** A method annotated with a JAX-RS HTTP method ({@code @GET}, {@code @POST} …), on a resource or a REST client. */
    private static boolean isRestMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            for (Annotation meta : annotation.annotationType().getAnnotations()) {
                if (meta.annotationType().getName().equals("jakarta.ws.rs.HttpMethod")) {
                    return true;
                }
            }
        }
        return false;
    }
}
