package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.migration.source.SourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's declarative migration journey (SPEC B4), validated when saved: collect the user's input,
 * validate it at a source, create the user, optionally register a new authenticator. Example:
 * <pre>{"steps": [
 *   {"type": "collect", "inputs": ["identifier", "code"]},
 *   {"type": "validate_at_source", "source_id": "legacy-codes"},
 *   {"type": "create_user"},
 *   {"type": "register_authenticator", "authenticator": "password", "skippable": true}]}</pre>
 *
 * @param credential        what the user presents: {@code password} or {@code code}
 * @param sourceId          the source that validates it
 * @param registerPassword  whether the journey offers registering a local password
 * @param registrationSkippable whether that step may be skipped (remembered: offered again next time)
 */
public record Journey(String credential, String sourceId, boolean registerPassword, boolean registrationSkippable) {

    public static final String PASSWORD = "password";
    public static final String CODE = "code";
    private static final Set<String> STEP_TYPES = Set.of("collect", "validate_at_source", "create_user",
            "register_authenticator");
    private static final int MAX_STEPS = 10;

    /** A definition's parse: the journey, or what is wrong with it. */
    public sealed interface Parsed {
    }

    public record Valid(Journey journey) implements Parsed {
    }

    public record Invalid(List<FieldError> errors) implements Parsed {
    }

    /** Parses a definition; {@code activeSources} are the tenant's active sources by id. */
    public static Parsed parse(JsonNode definition, Map<String, SourceType> activeSources) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode steps = definition == null ? null : definition.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty() || steps.size() > MAX_STEPS) {
            errors.add(new FieldError("steps", "must be an array of 1 to " + MAX_STEPS + " steps"));
            return new Invalid(errors);
        }
        String credential = null;
        String sourceId = null;
        boolean created = false;
        boolean register = false;
        boolean skippable = true;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            String field = "steps[" + i + "]";
            String type = step.path("type").asText("");
            if (!STEP_TYPES.contains(type)) {
                errors.add(new FieldError(field + ".type", "must be one of " + STEP_TYPES));
                continue;
            }
            switch (type) {
                case "collect":
                    if (i != 0) {
                        errors.add(new FieldError(field, "collect comes first"));
                    }
                    credential = credentialOf(step.path("inputs"));
                    if (credential == null) {
                        errors.add(new FieldError(field + ".inputs", "must be [\"identifier\", \"password\"] or [\"identifier\", \"code\"]"));
                    }
                    break;
                case "validate_at_source":
                    if (credential == null || sourceId != null || created) {
                        errors.add(new FieldError(field, "validate_at_source comes once, after collect and before create_user"));
                    }
                    sourceId = step.path("source_id").asText(null);
                    SourceType sourceType = sourceId == null ? null : activeSources.get(sourceId);
                    if (sourceType == null) {
                        errors.add(new FieldError(field + ".source_id", "must name an active source of the tenant"));
                    } else if (PASSWORD.equals(credential) ? !sourceType.checksPasswords() : !sourceType.sendsCodes()) {
                        errors.add(new FieldError(field + ".source_id", "this source cannot validate a " + credential));
                    }
                    break;
                case "create_user":
                    if (sourceId == null || created) {
                        errors.add(new FieldError(field, "create_user comes once, after validate_at_source"));
                    }
                    created = true;
                    break;
                default:
                    if (!created || register) {
                        errors.add(new FieldError(field, "register_authenticator comes once, after create_user"));
                    }
                    if (!PASSWORD.equals(step.path("authenticator").asText(""))) {
                        errors.add(new FieldError(field + ".authenticator", "must be password"));
                    }
                    if (PASSWORD.equals(credential)) {
                        errors.add(new FieldError(field, "a password journey keeps the password it collected"));
                    }
                    register = true;
                    skippable = step.path("skippable").asBoolean(true);
                    break;
            }
        }
        if (!created && errors.isEmpty()) {
            errors.add(new FieldError("steps", "must create the user"));
        }
        return errors.isEmpty() ? new Valid(new Journey(credential, sourceId, register, skippable)) : new Invalid(errors);
    }

    private static String credentialOf(JsonNode inputs) {
        if (!inputs.isArray() || inputs.size() != 2 || !"identifier".equals(inputs.get(0).asText())) {
            return null;
        }
        String second = inputs.get(1).asText();
        return PASSWORD.equals(second) || CODE.equals(second) ? second : null;
    }
}
