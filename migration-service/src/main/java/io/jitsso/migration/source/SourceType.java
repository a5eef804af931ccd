package io.jitsso.migration.source;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of legacy source a tenant can migrate from, and the capabilities each has. */
public enum SourceType {
    /** OAuth 2.0 resource-owner password grant (Keycloak, Auth0, Okta …). */
    OAUTH2_PASSWORD("oauth2_password", true, false),
    /** A home-grown HTTP API that answers "is this password right" for an identifier. */
    HTTP_CREDENTIAL_CHECK("http_credential_check", true, false),
    /** A source that sends one-time codes (email/SMS) and verifies them. */
    ONE_TIME_CODE("one_time_code", false, true),
    /**
     * An OIDC or SAML IdP the user is sent to through a gateway connection; the gateway's callback
     * hands the verified identity to migration-service (redirect migration). Checks no credential here.
     */
    REDIRECT("redirect", false, false);

    private final String id;
    private final boolean password;
    private final boolean oneTimeCode;

    SourceType(String id, boolean password, boolean oneTimeCode) {
        this.id = id;
        this.password = password;
        this.oneTimeCode = oneTimeCode;
    }

    public String id() {
        return id;
    }

    public boolean checksPasswords() {
        return password;
    }

    public boolean sendsCodes() {
        return oneTimeCode;
    }

    public static Optional<SourceType> of(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst();
    }
}
