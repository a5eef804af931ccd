package io.jitsso.gateway.mapping;

import java.util.List;
import java.util.Map;

/**
 * The one normalized identity every protocol hands to the sign-in orchestration: who the upstream
 * says signed in, with attributes already located through the connection's attribute mapping and the
 * raw upstream role values (not yet mapped to platform roles).
 *
 * @param connectionId  the connection the user came through
 * @param subject       the subject at the upstream (unique within the connection)
 * @param email         email address, if the upstream sent one
 * @param emailVerified whether the upstream vouches for the email
 * @param givenName     given name
 * @param familyName    family name
 * @param displayName   display name
 * @param roles         upstream role values from the connection's role source
 * @param attributes    custom attributes as the connection maps them; in federation, conformed to the tenant's
 *                      user schema before the sign-in is recorded (ADR-32)
 * @param amr           authentication methods the upstream asserted
 */
public record UpstreamIdentity(
        String connectionId,
        String subject,
        String email,
        boolean emailVerified,
        String givenName,
        String familyName,
        String displayName,
        List<String> roles,
        Map<String, String> attributes,
        List<String> amr) {

    public UpstreamIdentity {
        roles = List.copyOf(roles);
        attributes = Map.copyOf(attributes);
        amr = List.copyOf(amr);
    }

    /** This identity with {@code attributes} as its custom attributes (conformed to the user schema: ADR-32). */
    public UpstreamIdentity withAttributes(Map<String, String> attributes) {
        return attributes.equals(this.attributes) ? this : new UpstreamIdentity(connectionId, subject, email, emailVerified,
                givenName, familyName, displayName, roles, attributes, amr);
    }
}
