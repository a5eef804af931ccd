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

    private Topics() {
    }

    /** Records of one aggregate share a key, so they land on one partition in order. */
    public static String key(String tenantId, String aggregateId) {
        return tenantId + ":" + aggregateId;
    }
}
