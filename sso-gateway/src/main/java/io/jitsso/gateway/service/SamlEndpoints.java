package io.jitsso.gateway.service;

/**
 * Where a SAML connection's SP lives at the gateway. The entity id is the SP metadata URL (so an IdP
 * admin can import it from there), the assertion consumer service takes HTTP-POST responses, and
 * the start path sends the browser upstream with an AuthnRequest.
 */
public record SamlEndpoints(String entityId, String acsUrl, String metadataUrl) {

    public static final String PATH_PREFIX = "/saml/";
    public static final String METADATA = "/metadata";
    public static final String ACS = "/acs";
    public static final String START = "/start";

    static SamlEndpoints of(String publicBaseUrl, String connectionId) {
        String base = publicBaseUrl + PATH_PREFIX + connectionId;
        return new SamlEndpoints(base + METADATA, base + ACS, base + METADATA);
    }
}
