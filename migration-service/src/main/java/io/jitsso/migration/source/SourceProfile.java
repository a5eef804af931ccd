package io.jitsso.migration.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The user as a source describes them: their stable subject there and the profile fields the source
 * returned (ID token claims, userinfo, or the credential-check API's answer). Fields are read by name
 * ({@code department}) or by JSON pointer ({@code /profile/department}).
 */
public record SourceProfile(String subject, ObjectNode fields) {

    /** The field's text; null when absent, null or not a scalar. */
    public String field(String nameOrPointer) {
        JsonNode node = nameOrPointer.startsWith("/") ? fields.at(nameOrPointer) : fields.get(nameOrPointer);
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** Never prints the fields: they are personal data. */
    @Override
    public String toString() {
        return "SourceProfile[subject=" + subject + "]";
    }
}
