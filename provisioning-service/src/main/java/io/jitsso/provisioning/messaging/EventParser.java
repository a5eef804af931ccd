package io.jitsso.provisioning.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.jitsso.contracts.events.ConnectionDisconnectedEvent;
import io.jitsso.contracts.events.SignInEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns consumed records into events, or rejects them with a {@link MalformedEvent}. Unknown fields
 * are ignored (events evolve additively); the fields provisioning relies on must be present and within
 * the sizes the database stores.
 */
public final class EventParser {

    static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._/-]{0,63}");
    static final int MAX_EVENT_ID = 100;
    static final int MAX_SUBJECT = 255;
    static final int MAX_EMAIL = 1024;
    static final int MAX_NAME = 1024;
    static final int MAX_ROLES = 100;
    static final int MAX_CUSTOM = 64;
    static final int MAX_CUSTOM_KEY = 64;
    static final int MAX_CUSTOM_VALUE = 2048;
    static final int MAX_REASON = SignInEvent.MAX_DENIAL_REASON;

    private static final List<String> SIGN_IN_FIELDS = List.of("event_id", "outcome", "tenant_id", "connection_id",
            "upstream_subject", "account_id", "account_version", "jit", "occurred_at");
    private static final List<String> DISCONNECT_FIELDS = List.of("event_id", "tenant_id", "connection_id", "occurred_at");

    private final ObjectMapper json;

    /** {@code json} must read the suite's snake_case events (the services' configured mapper does). */
    public EventParser(ObjectMapper json) {
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public SignInEvent signIn(String payload, SignInEvent.Outcome expected) {
        JsonNode tree = tree(payload);
        requireFields(tree, SIGN_IN_FIELDS);
        SignInEvent event = read(tree, SignInEvent.class);
        checkOutcome(event, expected);
        checkEventId(event.eventId());
        checkTenant(event.tenantId());
        checkConnection(event.connectionId());
        checkSubject(event.upstreamSubject());
        checkAccountVersion(event.accountVersion());
        if (expected == SignInEvent.Outcome.SUCCEEDED && event.jit()) {
            checkAccountId(event.accountId());
        }
        checkProfile(event.profile());
        checkRoles(event.roles());
        checkLength("denial_reason", event.denialReason(), MAX_REASON);
        return event;
    }

    public ConnectionDisconnectedEvent disconnect(String payload) {
        JsonNode tree = tree(payload);
        requireFields(tree, DISCONNECT_FIELDS);
        ConnectionDisconnectedEvent event = read(tree, ConnectionDisconnectedEvent.class);
        checkEventId(event.eventId());
        checkTenant(event.tenantId());
        checkConnection(event.connectionId());
        return event;
    }

    private JsonNode tree(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new MalformedEvent("empty record");
        }
        JsonNode tree;
        try {
            tree = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new MalformedEvent("not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedEvent("not a JSON object");
        }
        return tree;
    }

    private static void requireFields(JsonNode tree, List<String> fields) {
        List<String> missing = fields.stream().filter(f -> tree.get(f) == null || tree.get(f).isNull()).toList();
        if (!missing.isEmpty()) {
            throw new MalformedEvent("missing " + String.join(", ", missing));
        }
    }

    private <T> T read(JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            // the path names the field; the message would quote its value
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new MalformedEvent(field.isEmpty() ? "fields of the wrong type" : field + " has the wrong type");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEvent("fields of the wrong type");
        }
    }

    static void checkOutcome(SignInEvent event, SignInEvent.Outcome expected) {
        if (event.outcome() != expected) {
            throw new MalformedEvent("outcome " + event.outcome() + " on the topic of " + expected + " sign-ins");
        }
    }

    static void checkEventId(String eventId) {
        if (eventId.isBlank() || eventId.length() > MAX_EVENT_ID) {
            throw new MalformedEvent("event_id must have 1 to " + MAX_EVENT_ID + " characters");
        }
    }

    static void checkTenant(String tenantId) {
        if (!TENANT_ID.matcher(tenantId).matches()) {
            throw new MalformedEvent("tenant_id is not a tenant id");
        }
    }

    static void checkConnection(String connectionId) {
        if (!CONNECTION_ID.matcher(connectionId).matches()) {
            throw new MalformedEvent("connection_id is not a connection id");
        }
    }

    static void checkSubject(String subject) {
        if (subject.isBlank() || subject.length() > MAX_SUBJECT) {
            throw new MalformedEvent("upstream_subject must have 1 to " + MAX_SUBJECT + " characters");
        }
    }

    static void checkAccountVersion(long version) {
        if (version < 1) {
            throw new MalformedEvent("account_version must be positive");
        }
    }

    /** The account id becomes the user id of a user created from it. */
    static void checkAccountId(String accountId) {
        try {
            UUID parsed = UUID.fromString(accountId);
            if (!parsed.toString().equalsIgnoreCase(accountId)) {
                throw new MalformedEvent("account_id is not a UUID");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent("account_id is not a UUID");
        }
    }

    static void checkProfile(SignInEvent.Profile profile) {
        if (profile == null) {
            return;
        }
        checkLength("profile.email", profile.email(), MAX_EMAIL);
        checkLength("profile.given_name", profile.givenName(), MAX_NAME);
        checkLength("profile.family_name", profile.familyName(), MAX_NAME);
        checkLength("profile.display_name", profile.displayName(), MAX_NAME);
        Map<String, String> custom = profile.custom();
        if (custom != null) {
            if (custom.size() > MAX_CUSTOM) {
                throw new MalformedEvent("profile.custom has more than " + MAX_CUSTOM + " attributes");
            }
            for (Map.Entry<String, String> attribute : custom.entrySet()) {
                if (attribute.getKey().isBlank() || attribute.getKey().length() > MAX_CUSTOM_KEY) {
                    throw new MalformedEvent("profile.custom has a name longer than " + MAX_CUSTOM_KEY + " characters or blank");
                }
                checkLength("profile.custom value", attribute.getValue(), MAX_CUSTOM_VALUE);
            }
        }
    }

    static void checkRoles(List<String> roles) {
        if (roles == null) {
            return;
        }
        if (roles.size() > MAX_ROLES) {
            throw new MalformedEvent("more than " + MAX_ROLES + " roles");
        }
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i) == null || !ROLE.matcher(roles.get(i)).matches()) {
                throw new MalformedEvent("roles[" + i + "] is not a role name");
            }
        }
    }

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new MalformedEvent(field + " is longer than " + max + " characters");
        }
    }
}
