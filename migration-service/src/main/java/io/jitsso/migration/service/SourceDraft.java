package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A source as an operator submits it. {@code secret} (client secret, API key) is write-only: stored
 * encrypted, never returned; null on update keeps the stored one.
 */
public record SourceDraft(String id, String type, String name, JsonNode settings, Map<String, String> attributeMapping,
        String secret) {

    public SourceDraft {
        attributeMapping = attributeMapping == null ? Map.of() : attributeMapping;
    }

    @Override
    public String toString() {
        return "SourceDraft[" + id + ", " + type + ", secret=" + (secret == null ? "none" : "redacted") + "]";
    }
}
