package io.jitsso.migration.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request body of a credential-check API, with {@code {{identifier}}} and {@code {{password}}}
 * placeholders. The template is parsed once, when the source is saved; values are substituted into
 * parsed JSON strings (Jackson escapes them) or into form values (URL-encoded), never spliced into
 * raw text, so no identifier or password can change the body's structure.
 */
public final class BodyTemplate {

    public static final String JSON = "application/json";
    public static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

    private final String contentType;
    private final JsonNode jsonTemplate;
    private final List<Map.Entry<String, String>> formTemplate;

    private BodyTemplate(String contentType, JsonNode jsonTemplate, List<Map.Entry<String, String>> formTemplate) {
        this.contentType = contentType;
        this.jsonTemplate = jsonTemplate;
        this.formTemplate = formTemplate;
    }

    /** Parses the template; throws {@link IllegalArgumentException} with a readable reason. */
    public static BodyTemplate parse(String contentType, String template, ObjectMapper json) {
        checkPlaceholders(template);
        if (!template.contains("{{password}}")) {
            throw new IllegalArgumentException("must contain {{password}}");
        }
        if (JSON.equals(contentType)) {
            try {
                return new BodyTemplate(contentType, json.readTree(template), null);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("is not valid JSON (placeholders go inside JSON strings)");
            }
        }
        if (FORM.equals(contentType)) {
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            for (String pair : template.split("&")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("must be name=value pairs joined by &");
                }
                pairs.add(Map.entry(pair.substring(0, equals), pair.substring(equals + 1)));
            }
            return new BodyTemplate(contentType, null, pairs);
        }
        throw new IllegalArgumentException("content_type must be " + JSON + " or " + FORM);
    }

    private static void checkPlaceholders(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!"identifier".equals(name) && !"password".equals(name)) {
                throw new IllegalArgumentException("unknown placeholder {{" + name + "}} (use {{identifier}} and {{password}})");
            }
        }
    }

    public String contentType() {
        return contentType;
    }

    public String render(String identifier, String password) {
        if (jsonTemplate != null) {
            return substitute(jsonTemplate.deepCopy(), identifier, password).toString();
        }
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> pair : formTemplate) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(pair.getKey()).append('=')
                    .append(URLEncoder.encode(fill(pair.getValue(), identifier, password), StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static JsonNode substitute(JsonNode node, String identifier, String password) {
        if (node.isTextual()) {
            return TextNode.valueOf(fill(node.asText(), identifier, password));
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> copy = new ArrayList<>();
            fields.forEachRemaining(copy::add);
            for (Map.Entry<String, JsonNode> field : copy) {
                object.set(field.getKey(), substitute(field.getValue(), identifier, password));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), identifier, password));
            }
        }
        return node;
    }

    private static String fill(String text, String identifier, String password) {
        // one pass, so a value that itself contains "{{password}}" is never expanded
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = "identifier".equals(matcher.group(1)) ? identifier : password;
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
