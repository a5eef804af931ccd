package io.jitsso.session.service;

import io.jitsso.contracts.admin.AdminAccess;
import io.jitsso.contracts.tokens.ReservedClaims;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.session.config.SessionConfig;
import io.jitsso.session.crypto.Jws;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.session.crypto.SigningMaterial;
import io.jitsso.session.persistence.SessionRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Mints the suite's JWTs: client access tokens, and ID + access tokens from an IdP session. */
@ApplicationScoped
public class TokenService {

    /** Claims the suite sets itself; a session's own claims may not override them. */
    public static final Set<String> RESERVED_CLAIMS = ReservedClaims.NAMES;
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    public static final String ID_TOKEN_TYPE = "JWT";

    private final ObjectMapper json;
    private final SessionConfig config;

    TokenService(ObjectMapper json, SessionConfig config) {
        this.json = json;
        this.config = config;
    }

    /** Tokens issued to an app. */
    public record IssuedTokens(String idToken, String accessToken, long expiresIn) {
    }

    public String issuer(String tenantId) {
        return config.issuerBaseUrl() + "/t/" + tenantId;
    }

    /**
     * The audience of client access tokens: the suite's own APIs of that tenant (the issuer). Tokens
     * minted for apps from sessions carry the app's client id instead, so they never pass as client
     * credentials.
     */
    public String apiAudience(String tenantId) {
        return issuer(tenantId);
    }

    public long accessTokenLifetimeSeconds() {
        return config.tokens().accessTokenLifetime().toSeconds();
    }

    public String clientAccessToken(KeyRing.TenantKeys keys, AppView app, Instant now) {
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", issuer(app.tenantId()));
        claims.put("sub", app.clientId());
        claims.put("aud", apiAudience(app.tenantId()));
        claims.put("client_id", app.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(config.tokens().accessTokenLifetime()).getEpochSecond());
        claims.put("jti", Secrets.random(16));
        return sign(keys, app.signingAlgorithm(), ACCESS_TOKEN_TYPE, claims);
    }

    /**
     * The break-glass admin's access token: for the tenant's admin portal (its audience), role
     * {@code admin}, {@code amr: ["pwd"]}, marked {@code break_glass} so every use can be told apart
     * and logged, and naming the version of the account's credentials it was issued under, so that replacing or
     * disabling them ends it (ADR-28). Signed with the tenant's default algorithm.
     */
    public String breakGlassAccessToken(KeyRing.TenantKeys keys, String tenantId, String username, long credentialVersion,
            Instant now) {
        String portal = config.adminPortal().clientId();
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", issuer(tenantId));
        claims.put("sub", "break-glass:" + username);
        claims.put("aud", portal);
        claims.put("client_id", portal);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(config.breakGlass().tokenLifetime()).getEpochSecond());
        claims.put("jti", Secrets.random(16));
        claims.put("auth_time", now.getEpochSecond());
        claims.set("amr", json.createArrayNode().add("pwd"));
        claims.set("roles", json.createArrayNode().add("admin"));
        claims.put("break_glass", true);
        claims.put(AdminAccess.BREAK_GLASS_VERSION, credentialVersion);
        return sign(keys, JwsAlgorithm.valueOf(config.tokens().defaultAlgorithm()), ACCESS_TOKEN_TYPE, claims);
    }

    public IssuedTokens sessionTokens(KeyRing.TenantKeys keys, AppView app, SessionRecord session, Instant now) {
        return sessionTokens(keys, app, session, now, null);
    }

    /** As above; {@code nonce} (from the app's authorization request) goes into the ID token. */
    public IssuedTokens sessionTokens(KeyRing.TenantKeys keys, AppView app, SessionRecord session, Instant now, String nonce) {
        String issuer = issuer(app.tenantId());
        ArrayNode amr = json.createArrayNode();
        session.amr().forEach(amr::add);

        ObjectNode id = json.createObjectNode();
        copyCustomClaims(session, id);
        id.put("iss", issuer);
        id.put("sub", session.subject());
        id.put("aud", app.clientId());
        id.put("azp", app.clientId());
        id.put("iat", now.getEpochSecond());
        id.put("exp", now.plus(config.tokens().idTokenLifetime()).getEpochSecond());
        id.put("auth_time", session.authenticatedAt().getEpochSecond());
        id.set("amr", amr);
        id.put("sid", session.id().toString());
        if (nonce != null) {
            id.put("nonce", nonce);
        }

        ObjectNode access = json.createObjectNode();
        copyCustomClaims(session, access);
        access.put("iss", issuer);
        access.put("sub", session.subject());
        access.put("aud", app.clientId());
        access.put("client_id", app.clientId());
        access.put("iat", now.getEpochSecond());
        access.put("exp", now.plus(config.tokens().accessTokenLifetime()).getEpochSecond());
        access.put("jti", Secrets.random(16));
        access.put("auth_time", session.authenticatedAt().getEpochSecond());
        access.set("amr", amr.deepCopy());
        access.put("sid", session.id().toString());

        return new IssuedTokens(
                sign(keys, app.signingAlgorithm(), ID_TOKEN_TYPE, id),
                sign(keys, app.signingAlgorithm(), ACCESS_TOKEN_TYPE, access),
                accessTokenLifetimeSeconds());
    }

    private void copyCustomClaims(SessionRecord session, ObjectNode target) {
        try {
            JsonNode claims = json.readTree(session.claims().encode());
            Iterator<Map.Entry<String, JsonNode>> fields = claims.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!RESERVED_CLAIMS.contains(field.getKey())) {
                    target.set(field.getKey(), field.getValue());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("stored session claims are unreadable", e);
        }
    }

    private String sign(KeyRing.TenantKeys keys, JwsAlgorithm algorithm, String type, ObjectNode claims) {
        SigningMaterial key = keys.active().get(algorithm);
        if (key == null) {
            throw new IllegalStateException("tenant " + keys.tenantId() + " has no active " + algorithm + " key");
        }
        try {
            return Jws.sign(key, type, json.writeValueAsBytes(claims));
        } catch (IOException e) {
            throw new IllegalStateException("claims not serializable", e);
        }
    }
}
