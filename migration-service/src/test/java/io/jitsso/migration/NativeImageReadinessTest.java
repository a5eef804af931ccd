package io.jitsso.migration;

import io.jitsso.testing.nativeimage.NativeImageReadiness;

/** SPEC E3: what a native image of this service needs, checked on the JVM (docs/architecture.md ADR-17). */
class NativeImageReadinessTest extends NativeImageReadiness {
}
