package io.jitsso.gateway.persistence;

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
 * @param metadataUrl       where the IdP settings were fetched from when the connection was last saved, or null
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
        String metadataUrl) {

    public SamlSettings withSpCertificate(String pem) {
        return new SamlSettings(idpEntityId, ssoUrl, idpCertificates, rolesAttribute, nameIdFormat, signAuthnRequests,
                allowIdpInitiated, pem, metadataUrl);
    }
}
