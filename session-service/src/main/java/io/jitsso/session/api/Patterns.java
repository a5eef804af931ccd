package io.jitsso.session.api;

/** Shapes of identifiers accepted by the APIs. */
final class Patterns {

    static final String TENANT_ID = "[a-z0-9][a-z0-9-]{0,62}";
    static final String CLIENT_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String CONNECTION_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String USERNAME = "[a-z0-9][a-z0-9._-]{0,63}";
    static final String AMR = "[a-z0-9_-]{1,32}";
    static final String ROLE = io.jitsso.contracts.profile.RequiredRoles.ROLE_NAME_PATTERN;

    private Patterns() {
    }
}
