package io.jitsso.gateway.persistence;

import java.time.Duration;
import java.util.List;

/**
 * A SAML connection's own settings as stored: the upstream IdP (entity id, single sign-on URL, its
 * signing certificates, pinned: several for rotation) and how the gateway talks to it. The SP
 * private key travels separately, encrypted, like an OIDC client secret.
 *
 * @param idpCertificates   PEM certificates whose keys may sign responses or assertions
 * @param rolesAttribute    name of the (multi-valued) attribute carrying role values, or null
 * @param nameIdFormat      NameID format asked for in AuthnRequests, or null for unspecified
 * @param signAuthnRequests whether AuthnRequests are signed (HTTP-Redirect binding signature)
 * @param allowIdpInitiated whether unsolicited responses (no InResponseTo) are accepted
 * @param spCertificate     PEM certificate of the connection's SP key pair (published in SP metadata)
 * @param metadataUrl       where the IdP settings are fetched from (when saved, then periodically), or null
 * @param clockSkewSeconds  tolerated difference to the IdP's clock, 0 to 300; null (rows saved before the
 *                          setting existed) means the default of 60
 * @param metadataSigningCertificate PEM certificate the IdP signs its metadata with, or null: when set,
 *                          metadata (on save and on every refresh) must be signed by it
 */
public record SamlSettings(
        String idpEntityId,
        String ssoUrl,
        List<String> idpCertificates,
        String rolesAttribute,
        String nameIdFormat,
        boolean signAuthnRequests,
        boolean allowIdpInitiated,
        String spCertificate,
        String metadataUrl,
        Integer clockSkewSeconds,
        String metadataSigningCertificate) {

    /** The default of {@link #clockSkewSeconds}. */
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;
    /** The largest {@link #clockSkewSeconds}: beyond it an expired assertion stays usable for too long. */
    public static final int MAX_CLOCK_SKEW_SECONDS = 300;

    public SamlSettings withSpCertificate(String pem) {
        return new SamlSettings(idpEntityId, ssoUrl, idpCertificates, rolesAttribute, nameIdFormat, signAuthnRequests,
                allowIdpInitiated, pem, metadataUrl, clockSkewSeconds, metadataSigningCertificate);
    }

    /** These settings with the IdP's endpoint and keys as its refreshed metadata describes them. */
    public SamlSettings withIdp(String newSsoUrl, List<String> newCertificates) {
        return new SamlSettings(idpEntityId, newSsoUrl, newCertificates, rolesAttribute, nameIdFormat, signAuthnRequests,
                allowIdpInitiated, spCertificate, metadataUrl, clockSkewSeconds, metadataSigningCertificate);
    }

    /** The clock skew to apply, the default when none was set. */
    public Duration clockSkew() {
        return Duration.ofSeconds(clockSkewSeconds == null ? DEFAULT_CLOCK_SKEW_SECONDS : clockSkewSeconds);
    }
}
