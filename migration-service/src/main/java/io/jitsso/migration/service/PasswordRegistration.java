package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.crypto.Argon2id;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.migration.client.SessionServiceClient;
import io.jitsso.migration.persistence.MigratedUserStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The authenticator a redirect-migrated user registers (SPEC B4), so they can sign in without the
 * legacy IdP: the app presents its client access token, the user's live session (from the redirect
 * sign-in) and the new password. session-service's silent authentication, with the app's own bearer,
 * proves the session and names its user; the password is stored only for a migrated user who has none
 * and an identifier (their email) to sign in with at {@code /sign-in}.
 */
@ApplicationScoped
public class PasswordRegistration {

    private static final Logger LOG = Logger.getLogger(PasswordRegistration.class);

    /** The user who can now sign in locally, and the identifier they use. */
    public record Registered(UUID userId, String identifier) {
    }

    private final AppAuthenticator apps;
    private final SignInLimits limits;
    private final SessionServiceClient sessions;
    private final MigratedUserStore users;
    private final ObjectMapper json;

    PasswordRegistration(AppAuthenticator apps, SignInLimits limits, SessionServiceClient sessions, MigratedUserStore users,
            ObjectMapper json) {
        this.apps = apps;
        this.limits = limits;
        this.sessions = sessions;
        this.users = users;
        this.json = json;
    }

    public Uni<Registered> register(String tenantId, String authorization, String sessionId, String newPassword) {
        return apps.authenticate(tenantId, authorization)
                .invoke(limits::checkClient)
                .chain(app -> sessions.authenticate(app.authorization(), sessionId))
                .map(tokens -> subject(tokens.idToken()))
                .chain(userId -> OffEventLoop.compute(() -> Argon2id.hash(newPassword))
                        .chain(hash -> users.registerFirstPassword(tenantId, userId, hash))
                        .map(identifier -> {
                            LOG.infof("user %s of tenant %s %s a local password", userId, tenantId,
                                    identifier.isPresent() ? "registered" : "could not register");
                            return new Registered(userId, identifier.orElseThrow(() -> new ApiException.Conflict(
                                    "this user cannot register a password here: only a user migrated by redirect, with an"
                                            + " email and no password yet, can")));
                        }));
    }

    /**
     * The session's user, from the ID token session-service just minted for this app (read, not
     * verified: it comes straight from the token issuer over the internal network).
     */
    private UUID subject(String idToken) {
        try {
            String[] parts = idToken.split("\\.");
            JsonNode claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return UUID.fromString(claims.path("sub").asText());
        } catch (IOException | RuntimeException e) {
            // not a user this service created (a federated user's subject is also a UUID, but unknown here)
            throw new ApiException.Conflict("this user cannot register a password here");
        }
    }
}
