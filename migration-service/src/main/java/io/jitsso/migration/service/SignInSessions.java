package io.jitsso.migration.service;

import io.jitsso.migration.client.SessionServiceClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The reply to a successful migration sign-in: a session opened through session-service, which every
 * app of the tenant can use, and the calling app's tokens, with the user's profile as ID-token claims.
 */
@ApplicationScoped
class SignInSessions {

    private final SessionServiceClient sessionService;

    SignInSessions(SessionServiceClient sessionService) {
        this.sessionService = sessionService;
    }

    Uni<SignInResult> open(SignInRun run, UUID userId, String sourceId, JsonObject profile, boolean migrated) {
        return sessionService.openWithTokens(new SessionServiceClient.OpenSessionForApp(run.tenantId(), userId.toString(),
                        run.amr(), MigrationSignIn.connectionId(sourceId), claims(profile), run.app().clientId()))
                .map(signedIn -> new SignInResult(signedIn.sessionId(), userId, signedIn.tokens(), migrated));
    }

    /** Ends what an early session open left for a user that was not stored under {@code candidate}. */
    Uni<Void> discard(SignInRun run, UUID candidate, Uni<SignInResult> opened) {
        return opened.onFailure().recoverWithNull()
                .chain(() -> sessionService.revokeSubject(run.tenantId(), candidate.toString(), "migration_not_stored"));
    }

    /** The user's profile as ID-token claims (OIDC standard names; custom attributes by their own names). */
    static Map<String, Object> claims(JsonObject profile) {
        Map<String, Object> claims = new LinkedHashMap<>();
        copy(profile, "email", claims, "email");
        copy(profile, "email_verified", claims, "email_verified");
        copy(profile, "given_name", claims, "given_name");
        copy(profile, "family_name", claims, "family_name");
        copy(profile, "display_name", claims, "name");
        JsonObject custom = profile.getJsonObject("custom");
        if (custom != null) {
            custom.forEach(entry -> claims.put(entry.getKey(), entry.getValue()));
        }
        return claims;
    }

    private static void copy(JsonObject from, String name, Map<String, Object> to, String claim) {
        Object value = from.getValue(name);
        if (value != null) {
            to.put(claim, value);
        }
    }
}
