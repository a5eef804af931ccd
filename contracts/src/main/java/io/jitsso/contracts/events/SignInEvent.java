package io.jitsso.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A federated sign-in through a connection, after mapping and policy (SPEC A5, A6, D1). Published
 * by the gateway; provisioning-service applies {@link Outcome#SUCCEEDED} events of JIT connections
 * to the user and {@link Outcome#DENIED} events by withdrawing this connection's roles.
 *
 * <p>Keyed by {@code tenant:connection:upstreamSubject}, so one upstream account's sign-ins stay in
 * order on one partition; {@code accountVersion} increases with each sign-in of that account and
 * lets consumers discard duplicates and stale deliveries.
 *
 * @param schemaVersion   version of this record's shape
 * @param eventId         unique per event
 * @param outcome         succeeded or denied by the access policy
 * @param tenantId        tenant
 * @param connectionId    connection the user signed in through
 * @param protocol        {@code oidc} or {@code saml}
 * @param upstreamSubject the subject at the upstream IdP (unique within the connection)
 * @param accountId       the gateway's stable id of (connection, upstream subject): the user id of a
 *                        user created from it, and the {@code sub} of the tokens it gets
 * @param accountVersion  per (connection, upstream subject) sign-in counter
 * @param jit             whether the connection provisions users (JIT on)
 * @param profile         mapped profile attributes
 * @param roles           platform roles this connection grants now (after mapping)
 * @param amr             authentication methods asserted upstream
 * @param denialReason    why the policy denied the sign-in, for {@code DENIED}
 * @param occurredAt      when the gateway accepted or denied it
 * @param connectionVersion the connection's version as the gateway read it for this sign-in; a sign-in read
 *                        before the connection's disconnect (a version below the disconnect's) grants nothing
 *                        when it arrives after it. Null from producers that predate it (no such check).
 * @param clientAddress   the address of the browser that completed the sign-in at the gateway (behind trusted
 *                        proxies, the one they forwarded); null when unknown, and from producers that predate it
 * @param deniedApp       for {@code DENIED}: the client id of the app whose required roles the sign-in missed (ADR-33).
 *                        Such a denial keeps the user as they are: consumers record it, and withdraw nothing. Null
 *                        when the connection's policy denied the sign-in, and from producers that predate it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignInEvent(
        int schemaVersion,
        String eventId,
        Outcome outcome,
        String tenantId,
        String connectionId,
        String protocol,
        String upstreamSubject,
        String accountId,
        long accountVersion,
        boolean jit,
        Profile profile,
        List<String> roles,
        List<String> amr,
        String denialReason,
        Instant occurredAt,
        Long connectionVersion,
        String clientAddress,
        String deniedApp) {

    public static final int SCHEMA_VERSION = 1;
    /** The longest {@code denialReason} consumers accept; producers cut theirs to it. */
    public static final int MAX_DENIAL_REASON = 500;

    /** A sign-in that no app's required roles denied. */
    public SignInEvent(int schemaVersion, String eventId, Outcome outcome, String tenantId, String connectionId,
            String protocol, String upstreamSubject, String accountId, long accountVersion, boolean jit, Profile profile,
            List<String> roles, List<String> amr, String denialReason, Instant occurredAt, Long connectionVersion,
            String clientAddress) {
        this(schemaVersion, eventId, outcome, tenantId, connectionId, protocol, upstreamSubject, accountId, accountVersion,
                jit, profile, roles, amr, denialReason, occurredAt, connectionVersion, clientAddress, null);
    }

    /** A sign-in without the browser's address (migration-service's, and tests'). */
    public SignInEvent(int schemaVersion, String eventId, Outcome outcome, String tenantId, String connectionId,
            String protocol, String upstreamSubject, String accountId, long accountVersion, boolean jit, Profile profile,
            List<String> roles, List<String> amr, String denialReason, Instant occurredAt, Long connectionVersion) {
        this(schemaVersion, eventId, outcome, tenantId, connectionId, protocol, upstreamSubject, accountId, accountVersion,
                jit, profile, roles, amr, denialReason, occurredAt, connectionVersion, null, null);
    }

    public enum Outcome {
        SUCCEEDED,
        DENIED
    }

    /**
     * Profile attributes after attribute mapping.
     *
     * @param email         email address
     * @param emailVerified whether the upstream vouches for the email (account linking needs it)
     * @param givenName     given name
     * @param familyName    family name
     * @param displayName   display name
     * @param custom        custom attributes of the tenant's user schema
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Profile(
            String email,
            Boolean emailVerified,
            String givenName,
            String familyName,
            String displayName,
            Map<String, String> custom) {
    }

    public String topic() {
        return outcome == Outcome.SUCCEEDED ? Topics.SIGNIN_SUCCEEDED : Topics.SIGNIN_DENIED;
    }

    public String key() {
        return Topics.key(tenantId, connectionId + ":" + upstreamSubject);
    }
}
