package io.jitsso.gateway.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.SamlSettings;
import io.jitsso.gateway.protocol.saml.IdpMetadata;
import io.jitsso.gateway.protocol.saml.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the {@code saml} part of a connection draft: the IdP from its metadata XML, or from entity
 * id, SSO URL and certificates typed in (not both), and the SP-side options.
 */
final class SamlSettingsValidator {

    /** At most this many pinned IdP certificates: enough for any rotation. */
    static final int MAX_CERTIFICATES = 5;
    /** A SAML attribute name as a claim-path segment: visible ASCII without quotes. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[\\x21\\x23-\\x7E]{1,298}");
    private static final Pattern URI_REFERENCE = Pattern.compile("[\\x21-\\x7E]{1,500}");

    private SamlSettingsValidator() {
    }

    /** The validated settings (without the SP certificate, which the service generates); errors are added. */
    static SamlSettings validate(ConnectionDraft.SamlDraft draft, List<ApiException.FieldError> errors) {
        if (draft == null) {
            errors.add(new ApiException.FieldError("saml", "required for protocol saml"));
            return null;
        }
        String entityId = draft.entityId();
        String ssoUrl = draft.ssoUrl();
        List<String> certificates = draft.certificates() == null ? List.of() : draft.certificates();
        X509Certificate metadataSigner = metadataSigner(draft, errors);
        if (draft.metadataXml() != null) {
            if (entityId != null || ssoUrl != null || !certificates.isEmpty()) {
                errors.add(new ApiException.FieldError(draft.metadataUrl() != null ? "saml.metadata_url" : "saml.metadata_xml",
                        "give either the metadata (metadata_xml or metadata_url) or entity_id, sso_url and certificates,"
                                + " not both"));
                return null;
            }
            try {
                IdpMetadata.Descriptor descriptor = IdpMetadata.parse(draft.metadataXml(), metadataSigner, Instant.now());
                entityId = descriptor.entityId();
                ssoUrl = descriptor.ssoUrl();
                certificates = descriptor.certificates();
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError(draft.metadataUrl() != null ? "saml.metadata_url" : "saml.metadata_xml",
                        e.getMessage()));
                return null;
            }
        }
        if (entityId == null || !URI_REFERENCE.matcher(entityId).matches()) {
            errors.add(new ApiException.FieldError("saml.entity_id", "the IdP's entity id: 1 to 500 visible characters"));
        }
        // an SSO URL may carry a query string (some IdPs route by it), unlike an OIDC issuer
        String ssoProblem = ConnectionValidator.urlProblem(ssoUrl, true);
        if (ssoProblem != null) {
            errors.add(new ApiException.FieldError("saml.sso_url", ssoProblem));
        }
        List<String> pems = certificates(certificates, errors);
        String rolesAttribute = attributeName("saml.roles_attribute", draft.rolesAttribute(), errors);
        String nameIdFormat = draft.nameIdFormat();
        if (nameIdFormat != null && !URI_REFERENCE.matcher(nameIdFormat).matches()) {
            errors.add(new ApiException.FieldError("saml.name_id_format", "a NameID format URI"));
        }
        Integer skew = draft.clockSkewSeconds();
        if (skew != null && (skew < 0 || skew > SamlSettings.MAX_CLOCK_SKEW_SECONDS)) {
            errors.add(new ApiException.FieldError("saml.clock_skew_seconds",
                    "seconds of tolerated IdP clock difference: 0 to " + SamlSettings.MAX_CLOCK_SKEW_SECONDS));
        }
        return new SamlSettings(entityId, ssoUrl, pems, rolesAttribute, nameIdFormat,
                Boolean.TRUE.equals(draft.signAuthnRequests()), Boolean.TRUE.equals(draft.allowIdpInitiated()), null,
                draft.metadataUrl(), skew == null ? SamlSettings.DEFAULT_CLOCK_SKEW_SECONDS : skew,
                metadataSigner == null ? null : Pem.text(metadataSigner));
    }

    /** The certificate the IdP's metadata must be signed with, if any; it only makes sense with metadata. */
    private static X509Certificate metadataSigner(ConnectionDraft.SamlDraft draft, List<ApiException.FieldError> errors) {
        if (draft.metadataSigningCertificate() == null) {
            return null;
        }
        if (draft.metadataXml() == null) {
            errors.add(new ApiException.FieldError("saml.metadata_signing_certificate",
                    "only with metadata_xml or metadata_url: typed-in settings carry no signature"));
            return null;
        }
        try {
            return Pem.certificate(draft.metadataSigningCertificate());
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError("saml.metadata_signing_certificate", e.getMessage()));
            return null;
        }
    }

    /** A SAML attribute name, or null when absent; invalid names are reported under {@code field}. */
    static String attributeName(String field, String name, List<ApiException.FieldError> errors) {
        if (name == null) {
            return null;
        }
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            errors.add(new ApiException.FieldError(field, "a SAML attribute name: 1 to 298 visible characters without quotes"));
            return null;
        }
        return name;
    }

    private static List<String> certificates(List<String> given, List<ApiException.FieldError> errors) {
        if (given.isEmpty()) {
            errors.add(new ApiException.FieldError("saml.certificates", "at least one PEM signing certificate of the IdP"));
            return List.of();
        }
        if (given.size() > MAX_CERTIFICATES) {
            errors.add(new ApiException.FieldError("saml.certificates", "at most " + MAX_CERTIFICATES + " certificates"));
            return List.of();
        }
        LinkedHashSet<String> pems = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            try {
                pems.add(Pem.text(Pem.certificate(given.get(i))));
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("saml.certificates[" + i + "]", e.getMessage()));
            }
        }
        return new ArrayList<>(pems);
    }
}
