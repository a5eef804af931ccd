package io.jitsso.gateway.api;

/** Shapes of identifiers accepted by the APIs (the same as session-service's). */
final class Patterns {

    static final String TENANT_ID = "[a-z0-9][a-z0-9-]{0,62}";
    static final String CONNECTION_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private Patterns() {
    }
}
