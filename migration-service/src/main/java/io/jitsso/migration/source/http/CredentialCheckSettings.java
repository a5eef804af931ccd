package io.jitsso.migration.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.migration.source.SettingsErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a home-grown credential-check API.
 *
 * @param url             the endpoint
 * @param method          {@code POST} or {@code PUT}
 * @param body            the parsed body template
 * @param headers         extra non-secret request headers
 * @param secretHeader    optional: the header that carries the source's secret (an API key, "Bearer …")
 * @param successStatuses HTTP statuses that may mean "accepted" (default 200)
 * @param successPointer  optional JSON pointer into the answer that must equal {@code successValue}
 * @param successValue    the expected text at {@code successPointer} (default {@code true})
 * @param profilePointer  JSON pointer to the profile object in the answer (default: the whole answer)
 * @param subjectField    the profile field holding the user's stable id at the source
 */
public record CredentialCheckSettings(String url, String method, BodyTemplate body, Map<String, String> headers,
        String secretHeader, List<Integer> successStatuses, String successPointer, String successValue,
        String profilePointer, String subjectField) {

    private static final Set<String> KNOWN = Set.of("url", "method", "content_type", "body_template", "headers",
            "secret_header", "success_statuses", "success_pointer", "success_value", "profile_pointer", "subject_field");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection");

    /** The optional {@code secret_header}: a header name that is not one the HTTP client sets itself. */
    public static String secretHeader(JsonNode settings, SettingsErrors errors) {
        String secretHeader = errors.optionalText(settings, "secret_header", 64, null);
        if (secretHeader != null && (!HEADER_NAME.matcher(secretHeader).matches()
                || FORBIDDEN_HEADERS.contains(secretHeader.toLowerCase()))) {
            errors.add("secret_header", "is not an allowed header name");
        }
        return secretHeader;
    }

    public static CredentialCheckSettings parse(JsonNode settings, SettingsErrors errors, ObjectMapper json) {
        errors.onlyKnown(settings, KNOWN);
        String url = errors.url(settings, "url", true);
        String method = errors.optionalText(settings, "method", 10, "POST");
        if (!"POST".equals(method) && !"PUT".equals(method)) {
            errors.add("method", "must be POST or PUT");
        }
        String contentType = errors.optionalText(settings, "content_type", 100, BodyTemplate.JSON);
        String template = errors.requiredText(settings, "body_template", 8192);
        BodyTemplate body = null;
        if (template != null) {
            try {
                body = BodyTemplate.parse(contentType, template, json);
            } catch (IllegalArgumentException e) {
                errors.add("body_template", e.getMessage());
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headerNode = settings.path("headers");
        if (!headerNode.isMissingNode() && !headerNode.isNull()) {
            if (!headerNode.isObject() || headerNode.size() > 20) {
                errors.add("headers", "must be an object of at most 20 header names to string values");
            } else {
                headerNode.fields().forEachRemaining(header -> {
                    if (!HEADER_NAME.matcher(header.getKey()).matches() || FORBIDDEN_HEADERS.contains(header.getKey().toLowerCase())
                            || !header.getValue().isTextual() || header.getValue().asText().length() > 1024
                            || header.getValue().asText().chars().anyMatch(c -> c < 0x20)) {
                        errors.add("headers", "header " + header.getKey() + " is not allowed or has an invalid value");
                    } else {
                        headers.put(header.getKey(), header.getValue().asText());
                    }
                });
            }
        }
        String secretHeader = secretHeader(settings, errors);
        List<Integer> statuses = new ArrayList<>();
        JsonNode statusNode = settings.path("success_statuses");
        if (statusNode.isMissingNode() || statusNode.isNull()) {
            statuses.add(200);
        } else if (!statusNode.isArray() || statusNode.isEmpty()) {
            errors.add("success_statuses", "must be a non-empty array of 2xx statuses");
        } else {
            statusNode.forEach(status -> {
                if (!status.isInt() || status.asInt() < 200 || status.asInt() > 299) {
                    errors.add("success_statuses", "must be a non-empty array of 2xx statuses");
                } else {
                    statuses.add(status.asInt());
                }
            });
        }
        String successPointer = pointer(errors, settings, "success_pointer", null);
        String successValue = errors.optionalText(settings, "success_value", 255, "true");
        String profilePointer = pointer(errors, settings, "profile_pointer", "");
        String subjectField = errors.requiredText(settings, "subject_field", 255);
        return new CredentialCheckSettings(url, method, body, Map.copyOf(headers), secretHeader, List.copyOf(statuses),
                successPointer, successValue, profilePointer, subjectField);
    }

    private static String pointer(SettingsErrors errors, JsonNode settings, String name, String fallback) {
        String pointer = errors.optionalText(settings, name, 255, fallback);
        if (pointer != null && !pointer.isEmpty() && !pointer.startsWith("/")) {
            errors.add(name, "must be a JSON pointer (starting with /)");
            return fallback;
        }
        return pointer;
    }
}
