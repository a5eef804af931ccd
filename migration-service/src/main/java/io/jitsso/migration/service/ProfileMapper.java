package io.jitsso.migration.service;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.source.SourceProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a source's profile to the tenant's user schema (SPEC B3): a pure function, so it is tested
 * without a running service. Values are checked against their declared type and normalized
 * (numbers without exponent, booleans lower case, dates ISO-8601).
 */
public final class ProfileMapper {

    private ProfileMapper() {
    }

    /** The mapped profile, or the reasons it cannot be built (names attributes, never values). */
    public sealed interface Result {
    }

    public record Mapped(SignInEvent.Profile profile) implements Result {
    }

    public record Invalid(List<String> problems) implements Result {
    }

    public static Result map(UserSchema schema, Map<String, String> mapping, SourceProfile source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (UserSchema.Attribute attribute : schema.attributes()) {
            String field = mapping.get(attribute.name());
            String value = field == null ? null : source.field(field);
            if (value != null) {
                values.put(attribute.name(), value);
            }
        }
        UserSchema.Conformed conformed = schema.conform(values, "at the source");
        List<String> problems = conformed.problems();
        Map<String, String> custom = conformed.values();
        String emailVerified = standard(mapping, source, "email_verified");
        Boolean verified = null;
        if (emailVerified != null) {
            verified = UserSchema.normalize(UserSchema.Type.BOOLEAN, emailVerified) == null ? null : Boolean.valueOf(emailVerified.trim().toLowerCase());
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Mapped(new SignInEvent.Profile(standard(mapping, source, "email"), verified,
                standard(mapping, source, "given_name"), standard(mapping, source, "family_name"),
                standard(mapping, source, "display_name"), custom.isEmpty() ? null : custom));
    }

    private static String standard(Map<String, String> mapping, SourceProfile source, String name) {
        String field = mapping.get(name);
        String value = field == null ? null : source.field(field);
        return value == null || value.isBlank() ? null : truncate(value.trim());
    }

    private static String truncate(String value) {
        return value.length() > 1024 ? value.substring(0, 1024) : value;
    }
}
