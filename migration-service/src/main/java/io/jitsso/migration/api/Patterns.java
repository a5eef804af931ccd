package io.jitsso.migration.api;

import io.jitsso.contracts.error.ApiException;
import java.util.regex.Pattern;

/** Shapes of path parameters; a value of the wrong shape names nothing that could exist. */
final class Patterns {

    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** A gateway connection id, as the gateway shapes them. */
    static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Patterns() {
    }

    static String tenant(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            throw new ApiException.NotFound("no such tenant");
        }
        return tenantId;
    }

    static String source(String sourceId) {
        if (sourceId == null || !SOURCE_ID.matcher(sourceId).matches()) {
            throw new ApiException.NotFound("no such source");
        }
        return sourceId;
    }

    static String connection(String connectionId) {
        if (connectionId == null || !CONNECTION_ID.matcher(connectionId).matches()) {
            throw new ApiException.NotFound("no migration source of the tenant names this connection");
        }
        return connectionId;
    }
}
