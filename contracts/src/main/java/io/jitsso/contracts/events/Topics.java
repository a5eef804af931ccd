package io.jitsso.contracts.events;

/**
 * Kafka topic names. One topic per aggregate event, {@code jitsso.<aggregate>.<event>.v1}; the
 * suffix changes only with an incompatible schema change (additive fields keep v1).
 */
public final class Topics {

    public static final String SESSION_CREATED = "jitsso.session.created.v1";
    public static final String SESSION_AUTHENTICATED = "jitsso.session.authenticated.v1";
    public static final String SESSION_LOGGED_OUT = "jitsso.session.logged-out.v1";
    public static final String SESSION_REVOKED = "jitsso.session.revoked.v1";

    public static final String SIGNIN_SUCCEEDED = "jitsso.signin.succeeded.v1";
    public static final String SIGNIN_DENIED = "jitsso.signin.denied.v1";
    public static final String CONNECTION_DISCONNECTED = "jitsso.connection.disconnected.v1";

    public static final String USER_CREATED = "jitsso.user.created.v1";
    public static final String USER_UPDATED = "jitsso.user.updated.v1";
    public static final String USER_DOWNGRADED = "jitsso.user.downgraded.v1";
    public static final String USER_MIGRATED = "jitsso.user.migrated.v1";

    public static final String MIGRATION_MIGRATED = "jitsso.migration.migrated.v1";

    private Topics() {
    }

    /** Records of one aggregate share a key, so they land on one partition in order. */
    public static String key(String tenantId, String aggregateId) {
        return tenantId + ":" + aggregateId;
    }
}
