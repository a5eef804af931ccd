package io.jitsso.migration.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.contracts.error.ApiException.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Collects what is wrong with a source's settings, field by field ({@code settings.<name>}). */
public final class SettingsErrors {

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError("settings." + field, message));
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Unknown keys are refused rather than ignored: a typo must not silently change behaviour. */
    public void onlyKnown(JsonNode settings, Set<String> known) {
        Iterator<String> names = settings.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                add(name, "unknown setting");
            }
        }
    }

    /** The text value of a required string setting, or null after recording the error. */
    public String requiredText(JsonNode settings, String name, int maxLength) {
        JsonNode node = settings.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            add(name, "is required");
            return null;
        }
        if (node.asText().length() > maxLength) {
            add(name, "must have at most " + maxLength + " characters");
            return null;
        }
        return node.asText();
    }

    public String optionalText(JsonNode settings, String name, int maxLength, String fallback) {
        JsonNode node = settings.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().length() > maxLength) {
            add(name, "must be a string of at most " + maxLength + " characters");
            return fallback;
        }
        return node.asText();
    }

    public String url(JsonNode settings, String name, boolean required) {
        String url = required ? requiredText(settings, name, 2048) : optionalText(settings, name, 2048, null);
        if (url == null) {
            return null;
        }
        String problem = SourceHttp.checkUrl(url);
        if (problem != null) {
            add(name, problem);
            return null;
        }
        return url;
    }
}
