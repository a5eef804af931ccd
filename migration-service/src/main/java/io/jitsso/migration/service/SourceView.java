package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** A source as the admin API shows it: everything but the secret, which is only said to exist. */
public record SourceView(String id, String type, String name, String status, JsonNode settings,
        Map<String, String> attributeMapping, boolean hasSecret, Instant createdAt, Instant updatedAt, Instant retiredAt) {
}
