package io.jitsso.gateway.protocol.saml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.gateway.mapping.AttributeMapper;
import io.jitsso.gateway.mapping.UpstreamIdentity;
import io.jitsso.gateway.persistence.SamlSettings;
import io.jitsso.gateway.service.LiveConnection;
import io.jitsso.gateway.service.SamlEndpoints;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SAML service provider of every SAML connection: SP metadata, AuthnRequest redirects and the
 * assertion consumer's verification, in plain types for the protocol-agnostic sign-in service.
 */
@Startup
@ApplicationScoped
public class SamlServiceProvider {

    /** AuthnContext classes that mean more than one factor (REFEDS MFA, Microsoft, Keycloak's ACR URIs). */
    private static final Set<String> MFA_CONTEXTS = Set.of("https://refeds.org/profile/mfa",
            "http://schemas.microsoft.com/claims/multipleauthn", "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
            "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken");
    private static final Set<String> PASSWORD_CONTEXTS = Set.of("urn:oasis:names:tc:SAML:2.0:ac:classes:Password",
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");

    /** Parsed keys of a connection version: PEM and PKCS#8 parsing stays off the per-response path. */
    private record Keys(long version, List<X509Certificate> idp, SpKeys.Credential sp) {
    }

    private final ConcurrentHashMap<String, Keys> keys = new ConcurrentHashMap<>();

    @PostConstruct
    void bootstrap() {
        SamlXml.bootstrap();
    }

    /** What the assertion consumer makes of a response. */
    public sealed interface Outcome {
    }

    /** Verified: who signed in, and how long the assertion id must be remembered against replay. */
    public record Accepted(UpstreamIdentity identity, String assertionId, Instant replayUntil, boolean unsolicited)
            implements Outcome {
    }

    /** A check failed; the reason is for logs and metrics. */
    public record Rejected(String reason) implements Outcome {
    }

    /** The IdP did not authenticate the user and said so. */
    public record NotSuccess(String status, String message) implements Outcome {
    }

    public String metadata(LiveConnection connection, SamlEndpoints endpoints) {
        SamlSettings saml = connection.settings().saml();
        return SpMetadata.render(endpoints.entityId(), endpoints.acsUrl(), saml.spCertificate(), saml.nameIdFormat(),
                saml.signAuthnRequests());
    }

    /** Where the browser goes with a new AuthnRequest {@code requestId} and its {@code relayState}. */
    public URI authnRequest(LiveConnection connection, SamlEndpoints endpoints, String requestId, String relayState) {
        SamlSettings saml = connection.settings().saml();
        return AuthnRequests.redirect(saml.ssoUrl(), endpoints.entityId(), endpoints.acsUrl(), saml.nameIdFormat(), requestId,
                relayState, saml.signAuthnRequests() ? keys(connection).sp().privateKey() : null, Instant.now());
    }

    /**
     * Verifies a decoded response for the connection; {@code inResponseTo} is the ID of the pending
     * AuthnRequest of this browser, or null when it has none. CPU-bound: call it off the event loop.
     */
    public Outcome consume(LiveConnection connection, SamlEndpoints endpoints, byte[] xml, String inResponseTo, Instant now) {
        Keys parsed = keys(connection);
        SamlSettings saml = connection.settings().saml();
        ResponseVerifier.Result result = ResponseVerifier.verify(xml, new ResponseVerifier.Expected(saml.idpEntityId(),
                parsed.idp(), endpoints.entityId(), endpoints.acsUrl(), inResponseTo, saml.allowIdpInitiated(), now,
                parsed.sp(), saml.clockSkew()));
        if (result instanceof ResponseVerifier.Rejected rejected) {
            return new Rejected(rejected.reason());
        }
        if (result instanceof ResponseVerifier.NotSuccess refused) {
            return new NotSuccess(refused.status(), refused.message());
        }
        ResponseVerifier.VerifiedAssertion assertion = ((ResponseVerifier.Verified) result).assertion();
        return new Accepted(identity(connection, assertion), assertion.id(), assertion.replayUntil(), assertion.unsolicited());
    }

    /** The verified assertion as the one identity record every protocol produces. */
    static UpstreamIdentity identity(LiveConnection connection, ResponseVerifier.VerifiedAssertion assertion) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        assertion.attributes().forEach((name, values) -> {
            ArrayNode array = document.putArray(name);
            values.forEach(array::add);
        });
        List<String> roles = connection.roleClaim() == null ? List.of() : connection.roleClaim().values(document);
        return AttributeMapper.identity(connection.id(), assertion.nameId(), document, roles, amr(assertion.authnContexts()),
                connection.attributeMappings());
    }

    static List<String> amr(List<String> authnContexts) {
        List<String> amr = new ArrayList<>();
        if (authnContexts.stream().anyMatch(MFA_CONTEXTS::contains)) {
            amr.add("mfa");
        }
        if (authnContexts.stream().anyMatch(PASSWORD_CONTEXTS::contains)) {
            amr.add("pwd");
        }
        return amr;
    }

    private Keys keys(LiveConnection connection) {
        Keys cached = keys.get(connection.id());
        if (cached != null && cached.version() == connection.record().version()) {
            return cached;
        }
        SamlSettings saml = connection.settings().saml();
        Keys fresh = new Keys(connection.record().version(), Pem.certificates(saml.idpCertificates()),
                SpKeys.load(connection.clientSecret(), saml.spCertificate()));
        keys.put(connection.id(), fresh);
        return fresh;
    }
}
