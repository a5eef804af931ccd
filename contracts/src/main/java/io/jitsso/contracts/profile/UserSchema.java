package io.jitsso.contracts.profile;

import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.contracts.tokens.ReservedClaims;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's user schema (SPEC A4, B3): the standard profile attributes every user has, plus the tenant's
 * custom attributes with a type and whether every user must have them. migration-service keeps it; it maps
 * migrated profiles onto it, and the gateway maps federated ones (ADR-32).
 */
public record UserSchema(List<Attribute> attributes) {

    public static final UserSchema EMPTY = new UserSchema(List.of());

    /** Attributes every user has; a source mapping may fill them. */
    public static final Set<String> STANDARD = Set.of("email", "email_verified", "given_name", "family_name",
            "display_name");

    /**
     * Names a custom attribute may not take: the claims the suite sets itself (custom attributes go into the
     * session's claims, which session-service refuses to carry under those names) and the ones a migrated
     * user's tokens and answers already use.
     */
    public static final Set<String> RESERVED = reserved();
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    public static final int MAX_ATTRIBUTES = 64;
    /** Longer values are refused, whatever their type. */
    public static final int MAX_VALUE_LENGTH = 2048;

    private static Set<String> reserved() {
        Set<String> names = new HashSet<>(ReservedClaims.NAMES);
        names.addAll(Set.of("name", "roles", "session_id"));
        return Set.copyOf(names);
    }

    public enum Type {
        STRING, NUMBER, BOOLEAN, DATE;

        public static Optional<Type> of(String name) {
            for (Type type : values()) {
                if (type.name().equalsIgnoreCase(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * @param name     attribute name (lower case, digits, underscores)
     * @param type     value type
     * @param required whether a user cannot be migrated without it
     */
    public record Attribute(String name, Type type, boolean required) {
    }

    public Optional<Attribute> attribute(String name) {
        return attributes.stream().filter(attribute -> attribute.name().equals(name)).findFirst();
    }

    /** What is wrong with a schema as submitted. */
    public static List<FieldError> validate(List<Attribute> attributes) {
        List<FieldError> errors = new ArrayList<>();
        if (attributes.size() > MAX_ATTRIBUTES) {
            errors.add(new FieldError("attributes", "at most " + MAX_ATTRIBUTES + " custom attributes"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < attributes.size(); i++) {
            Attribute attribute = attributes.get(i);
            String field = "attributes[" + i + "]";
            if (attribute.name() == null || !NAME.matcher(attribute.name()).matches()) {
                errors.add(new FieldError(field + ".name", "must be lower case letters, digits and underscores, 1 to 64"));
            } else if (STANDARD.contains(attribute.name()) || RESERVED.contains(attribute.name())) {
                errors.add(new FieldError(field + ".name", "is a standard or reserved name"));
            } else if (!seen.add(attribute.name())) {
                errors.add(new FieldError(field + ".name", "appears twice"));
            }
            if (attribute.type() == null) {
                errors.add(new FieldError(field + ".type", "must be string, number, boolean or date"));
            }
        }
        return errors;
    }

    /**
     * What is wrong with a source's attribute mapping (schema attribute → source field) under this
     * schema: unknown targets, bad source field names, required attributes left unmapped.
     */
    public List<FieldError> validateMapping(Map<String, String> mapping) {
        List<FieldError> errors = new ArrayList<>();
        if (mapping.size() > STANDARD.size() + MAX_ATTRIBUTES) {
            errors.add(new FieldError("attribute_mapping", "too many entries"));
            return errors;
        }
        mapping.forEach((target, sourceField) -> {
            if (sourceField == null || sourceField.isBlank() || sourceField.length() > 255) {
                errors.add(new FieldError("attribute_mapping." + target, "must name a source field (name or JSON pointer)"));
            }
        });
        errors.addAll(misfits(mapping.keySet().stream().filter(target -> !STANDARD.contains(target)).toList(),
                "attribute_mapping."));
        return errors;
    }

    /**
     * How a mapping's custom attribute names do not fit this schema: a name the schema does not have, a required
     * attribute the mapping leaves out. The one rule for a migration source's mapping, a gateway connection's, and a
     * new schema against the connections (ADR-32); each error's field is {@code fieldPrefix} and the name.
     */
    public List<FieldError> misfits(Collection<String> mapped, String fieldPrefix) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : mapped) {
            if (attribute(name).isEmpty()) {
                errors.add(new FieldError(fieldPrefix + name, "is not an attribute of the tenant's user schema"));
            }
        }
        for (Attribute attribute : attributes) {
            if (attribute.required() && !mapped.contains(attribute.name())) {
                errors.add(new FieldError(fieldPrefix + attribute.name(), "is required by the tenant's user schema"));
            }
        }
        return errors;
    }

    /**
     * Custom attribute values as this schema has them: each attribute's value normalized to its type; names the
     * schema does not have are left out.
     *
     * @param values   mapped values by attribute name (missing, null or blank: absent)
     * @param problems why the values do not fit (attribute names, never values), empty when they do
     */
    public record Conformed(Map<String, String> values, List<String> problems) {
    }

    /** {@code values} fitted to this schema; {@code where} ends the message of a missing required attribute. */
    public Conformed conform(Map<String, String> values, String where) {
        Map<String, String> conformed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Attribute attribute : attributes) {
            String value = values.get(attribute.name());
            if (value == null || value.isBlank()) {
                if (attribute.required()) {
                    problems.add(attribute.name() + " is required and missing " + where);
                }
                continue;
            }
            String normalized = normalize(attribute.type(), value.trim());
            if (normalized == null) {
                problems.add(attribute.name() + " is not a " + attribute.type().name().toLowerCase(Locale.ROOT));
            } else {
                conformed.put(attribute.name(), normalized);
            }
        }
        return new Conformed(conformed, problems);
    }

    /** This schema's attributes that {@code names} holds, in this schema's order. */
    public UserSchema restrictedTo(Set<String> names) {
        return new UserSchema(attributes.stream().filter(attribute -> names.contains(attribute.name())).toList());
    }

    /**
     * {@code value} as the attribute type's normal form (numbers without exponent, booleans lower case, dates
     * ISO-8601 {@code yyyy-mm-dd}, strings as they are); null when it is not a value of that type or is longer
     * than {@link #MAX_VALUE_LENGTH}.
     */
    public static String normalize(Type type, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        switch (type) {
            case STRING:
                return value;
            case NUMBER:
                try {
                    BigDecimal number = new BigDecimal(value);
                    // "1e999999999" would expand to a billion digits
                    return Math.abs(number.scale()) > 100 ? null : number.toPlainString();
                } catch (NumberFormatException e) {
                    return null;
                }
            case BOOLEAN:
                String lower = value.toLowerCase(Locale.ROOT);
                return "true".equals(lower) || "false".equals(lower) ? lower : null;
            case DATE:
                try {
                    return LocalDate.parse(value).toString();
                } catch (DateTimeParseException e) {
                    return null;
                }
            default:
                return null;
        }
    }
}
