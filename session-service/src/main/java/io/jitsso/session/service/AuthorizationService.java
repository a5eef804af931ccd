package io.jitsso.session.service;

import io.jitsso.session.config.SessionConfig;
import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.session.error.OAuthException;
import io.jitsso.session.persistence.AuthorizationCodeStore;
import io.jitsso.session.persistence.SessionRecord;
import io.jitsso.session.persistence.SessionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The app-facing authorization-code flow (OIDC code flow with PKCE S256; login-URL sign-ins, which
 * no app started, yield codes without a challenge that only the confidential client can redeem,
 * with its secret and registered redirect URI). The gateway, after it
 * authenticated the user, asks for a session and a code in one call; the app's backend trades the
 * code, once, at the token endpoint for its tokens and the bearer session id. A replayed code
 * revokes the session it opened (RFC 6749 section 4.1.2).
 */
@ApplicationScoped
public class AuthorizationService {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class);
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SessionStore sessions;
    private final AuthorizationCodeStore codes;
    private final AppDirectory apps;
    private final KeyRing keyRing;
    private final TokenService tokens;
    private final KeyEncryptor encryptor;
    private final SessionConfig config;
    private final io.jitsso.session.messaging.SessionEventRelay relay;

    AuthorizationService(SessionStore sessions, AuthorizationCodeStore codes, AppDirectory apps, KeyRing keyRing,
            TokenService tokens, KeyEncryptor encryptor, SessionConfig config, io.jitsso.session.messaging.SessionEventRelay relay) {
        this.relay = relay;
        this.sessions = sessions;
        this.codes = codes;
        this.apps = apps;
        this.keyRing = keyRing;
        this.tokens = tokens;
        this.encryptor = encryptor;
        this.config = config;
    }

    /** What the app asked for at the authorization endpoint, as the gateway validated it. */
    public record AuthorizationRequest(String clientId, String redirectUri, String codeChallenge,
            String codeChallengeMethod, String nonce) {
    }

    public record Issued(String code, SessionRecord session) {
    }

    /** The result of a successful exchange: the app's tokens and the bearer session id. */
    public record Exchanged(TokenService.IssuedTokens tokens, String sessionId) {
    }

    private sealed interface Claim {
    }

    /** A code that may be redeemed, with its session if that is still live (read by the claim's statement). */
    private record Valid(AuthorizationCodeStore.Claimed claimed) implements Claim {
    }

    private record Invalid(String reason, AuthorizationCodeStore.StoredCode replayed) implements Claim {
    }

    public Uni<Issued> openWithCode(SessionService.OpenRequest open, AuthorizationRequest request) {
        checkChallenge(request);
        return apps.find(open.tenantId(), request.clientId()).chain(found -> {
            AppView app = found.orElseThrow(() -> ApiException.BadRequest.field("client_id", "no such app in this tenant"));
            if (!app.redirectUris().contains(request.redirectUri())) {
                throw ApiException.BadRequest.field("redirect_uri", "not registered for this app");
            }
            AppAccess.checkSignIn(app, open.claims());
            String sessionId = Secrets.random(32);
            String code = Secrets.random(32);
            byte[] codeHash = Secrets.sha256(code);
            Instant now = Instant.now();
            SessionStore.NewSession session = new SessionStore.NewSession(open.tenantId(), Secrets.sha256(sessionId),
                    open.subject(), open.connectionId(), open.amr(), open.claims(), now, now.plus(config.session().lifetime()));
            return sessions.openWithCode(session, sessionRowId -> new AuthorizationCodeStore.NewCode(
                            codeHash, open.tenantId(), app.clientId(), request.redirectUri(), request.codeChallenge(),
                            request.nonce(), sessionRowId, encryptor.encrypt(sessionId.getBytes(StandardCharsets.UTF_8),
                                    associatedData(sessionRowId)),
                            now, now.plus(config.tokens().authorizationCodeLifetime())))
                    .onFailure(PgException.class).transform(failure -> "23503".equals(((PgException) failure).getSqlState())
                            ? new ApiException.NotFound("no such tenant") : failure)
                    .invoke(relay::nudge)
                    .map(record -> new Issued(code, record));
        });
    }

    /** The token endpoint's authorization_code grant, for an authenticated app. */
    public Uni<Exchanged> exchange(AppView app, String code, String redirectUri, String verifier) {
        if (code == null || code.isEmpty() || redirectUri == null || redirectUri.isEmpty()) {
            throw OAuthException.invalidRequest("code and redirect_uri are required");
        }
        if (verifier != null && !VERIFIER.matcher(verifier).matches()) {
            throw OAuthException.invalidRequest("code_verifier must be 43 to 128 unreserved characters");
        }
        Instant now = Instant.now();
        // one statement claims the code and reads its session (ADR-23); a code whose session has ended is
        // still used up
        return codes.claim(app.tenantId(), app.clientId(), Secrets.sha256(code), now)
                .map(found -> judge(found.map(AuthorizationCodeStore.Claimed::code).orElse(null), app, redirectUri, verifier, now)
                        .<Claim>map(invalid -> invalid)
                        .orElseGet(() -> new Valid(found.get())))
                .chain(claim -> claim instanceof Valid valid ? issue(app, valid, now) : reject(app, (Invalid) claim));
    }

    /** Why the code cannot be redeemed by this request; empty when it can. */
    private Optional<Invalid> judge(AuthorizationCodeStore.StoredCode code, AppView app, String redirectUri, String verifier,
            Instant now) {
        if (code == null) {
            return invalid("unknown code", null);
        }
        if (code.usedAt() != null) {
            return invalid("code already used", code);
        }
        if (!code.expiresAt().isAfter(now)) {
            return invalid("code expired", null);
        }
        if (!code.clientId().equals(app.clientId())) {
            return invalid("code issued to another client", null);
        }
        if (!code.redirectUri().equals(redirectUri)) {
            return invalid("redirect_uri differs from the authorization request", null);
        }
        if (code.codeChallenge() != null && (verifier == null || !pkceMatches(code.codeChallenge(), verifier))) {
            return invalid("code_verifier is missing or does not match the code_challenge", null);
        }
        if (code.codeChallenge() == null && verifier != null) {
            // RFC 9700 2.1.1: a verifier for a code issued without a challenge is refused, or a code from another
            // flow (a login URL's, say) injected into this browser would pass the app's PKCE check unnoticed
            return invalid("code_verifier sent for a code issued without a code_challenge", null);
        }
        return Optional.empty();
    }

    private static Optional<Invalid> invalid(String reason, AuthorizationCodeStore.StoredCode replayed) {
        return Optional.of(new Invalid(reason, replayed));
    }

    private Uni<Exchanged> issue(AppView app, Valid valid, Instant now) {
        AuthorizationCodeStore.StoredCode code = valid.claimed().code();
        Optional<SessionRecord> session = valid.claimed().session();
        if (session.isEmpty()) {
            throw OAuthException.invalidGrant("the session of this code has ended");
        }
        String sessionId = new String(encryptor.decrypt(code.sessionSecret(), associatedData(code.sessionId())), StandardCharsets.UTF_8);
        return keyRing.keys(app.tenantId())
                .map(keys -> new Exchanged(tokens.sessionTokens(keys, app, session.get(), now, code.nonce()), sessionId));
    }

    private Uni<Exchanged> reject(AppView app, Invalid invalid) {
        Uni<Void> revoke = Uni.createFrom().voidItem();
        if (invalid.replayed() != null) {
            LOG.warnf("authorization code replayed by client %s of tenant %s: revoking session %s", app.clientId(),
                    app.tenantId(), invalid.replayed().sessionId());
            revoke = sessions.revokeById(app.tenantId(), invalid.replayed().sessionId(), Instant.now(), "code_replay")
                    .invoke(relay::nudge).replaceWithVoid();
        }
        return revoke.chain(() -> Uni.createFrom().failure(OAuthException.invalidGrant(invalid.reason())));
    }

    /** An app-initiated request carries an S256 challenge; a login-URL sign-in carries neither field. */
    private static void checkChallenge(AuthorizationRequest request) {
        if (request.codeChallenge() == null && request.codeChallengeMethod() == null) {
            return;
        }
        if (!"S256".equals(request.codeChallengeMethod())) {
            throw ApiException.BadRequest.field("code_challenge_method", "must be S256");
        }
        if (request.codeChallenge() == null || !CHALLENGE.matcher(request.codeChallenge()).matches()) {
            throw ApiException.BadRequest.field("code_challenge", "must be the 43-character S256 challenge");
        }
        if (request.nonce() != null && request.nonce().length() > 512) {
            throw ApiException.BadRequest.field("nonce", "at most 512 characters");
        }
    }

    static boolean pkceMatches(String challenge, String verifier) {
        byte[] computed = B64URL.encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** Binds the encrypted session id to its session row. */
    private static String associatedData(java.util.UUID sessionRowId) {
        return "session|" + sessionRowId;
    }
}
