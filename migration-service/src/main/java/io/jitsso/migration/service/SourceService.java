package io.jitsso.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.crypto.KeyEncryptor;
import io.jitsso.contracts.crypto.Secrets;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.contracts.profile.UserSchema;
import io.jitsso.migration.persistence.SourceRecord;
import io.jitsso.migration.persistence.SourceStore;
import io.jitsso.migration.source.SourceConnectors;
import io.jitsso.migration.source.SourceType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The sources admin use cases (SPEC B1, B5): create, read, update and retire a tenant's sources.
 * Settings are validated by the connector that will use them, the attribute mapping against the
 * tenant's user schema; secrets are sealed with AES-256-GCM bound to (tenant, source).
 */
@ApplicationScoped
public class SourceService {

    private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final int MAX_SECRET = 4096;

    private final SourceStore store;
    private final SchemaService schemas;
    private final SourceConnectors connectors;
    private final KeyEncryptor encryptor;
    private final ObjectMapper json;
    private final RedirectSources redirects;

    SourceService(SourceStore store, SchemaService schemas, SourceConnectors connectors, KeyEncryptor encryptor,
            ObjectMapper json, RedirectSources redirects) {
        this.redirects = redirects;
        this.store = store;
        this.schemas = schemas;
        this.connectors = connectors;
        this.encryptor = encryptor;
        this.json = json;
    }

    public Uni<SourceView> create(String tenantId, SourceDraft draft) {
        String id = draft.id() == null ? "src-" + Secrets.random(6).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "0") : draft.id();
        return schemas.schema(tenantId).chain(schema -> {
            SourceType type = validate(schema, draft, id, null);
            Instant now = Instant.now();
            SourceRecord source = new SourceRecord(tenantId, id, type.id(), draft.name().trim(), toJson(draft.settings()),
                    draft.attributeMapping(), seal(tenantId, id, draft.secret()), SourceRecord.ACTIVE, now, now, null);
            return redirects.claim(tenantId, id, type, draft.settings(), null).chain(() -> store.insert(source)).map(inserted -> {
                if (!inserted) {
                    throw new ApiException.Conflict("the tenant already has a source " + id);
                }
                return view(source);
            });
        });
    }

    public Uni<SourceView> update(String tenantId, String id, SourceDraft draft) {
        return existing(tenantId, id).chain(current -> {
            if (!current.active()) {
                throw new ApiException.Conflict("the source is retired; create a new one instead");
            }
            return schemas.schema(tenantId).chain(schema -> {
                SourceType type = validate(schema, draft, id, current.type());
                boolean replaceSecret = draft.secret() != null;
                if (!replaceSecret && current.secretCiphertext() != null
                        && !origins(current.settings()).equals(origins(toJson(draft.settings())))) {
                    // the stored secret goes only where it went before: whoever moves a URL proves they know it
                    throw ApiException.BadRequest.fields(List.of(new FieldError("secret",
                            "is required again when a URL's host changes (the stored one is never sent to a new host)")));
                }
                SourceRecord updated = new SourceRecord(tenantId, id, current.type(), draft.name().trim(),
                        toJson(draft.settings()), draft.attributeMapping(),
                        replaceSecret ? seal(tenantId, id, draft.secret()) : current.secretCiphertext(), current.status(),
                        current.createdAt(), Instant.now(), null);
                return redirects.claim(tenantId, id, type, draft.settings(), current)
                        .chain(() -> store.update(updated, replaceSecret)).map(done -> {
                    if (!done) {
                        throw new ApiException.Conflict("the source was retired meanwhile");
                    }
                    return view(updated);
                });
            });
        });
    }

    public Uni<List<SourceView>> list(String tenantId) {
        return store.list(tenantId).map(sources -> sources.stream().map(this::view).toList());
    }

    public Uni<SourceView> get(String tenantId, String id) {
        return existing(tenantId, id).map(this::view);
    }

    public Uni<SourceView> retire(String tenantId, String id) {
        return store.retire(tenantId, id, Instant.now())
                .map(retired -> view(retired.orElseThrow(() -> new ApiException.NotFound("no such source"))));
    }

    /** The source's decrypted secret, for its connector only. */
    public String secretOf(SourceRecord source) {
        if (source.secretCiphertext() == null) {
            return null;
        }
        return new String(encryptor.decrypt(source.secretCiphertext(), associatedData(source.tenantId(), source.id())),
                StandardCharsets.UTF_8);
    }

    public JsonNode settingsOf(SourceRecord source) {
        try {
            return json.readTree(source.settings().encode());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored source settings are unreadable", e);
        }
    }

    private Uni<SourceRecord> existing(String tenantId, String id) {
        return store.find(tenantId, id).map(found -> found.orElseThrow(() -> new ApiException.NotFound("no such source")));
    }

    private SourceType validate(UserSchema schema, SourceDraft draft, String id, String fixedType) {
        List<FieldError> errors = new ArrayList<>();
        if (!SOURCE_ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "must be lower case letters, digits and dashes, 1 to 40"));
        }
        SourceType type = draft.type() == null ? null : SourceType.of(draft.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldError("type", "must be oauth2_password, http_credential_check, one_time_code or redirect"));
        } else if (fixedType != null && !fixedType.equals(type.id())) {
            errors.add(new FieldError("type", "cannot change; create a new source instead"));
        }
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (draft.secret() != null && (draft.secret().isEmpty() || draft.secret().length() > MAX_SECRET
                || draft.secret().chars().anyMatch(c -> c < 0x20))) {
            errors.add(new FieldError("secret", "must have 1 to " + MAX_SECRET + " printable characters"));
        }
        if (type != null) {
            errors.addAll(connectors.validate(type, draft.settings()));
        }
        Map<String, String> mapping = draft.attributeMapping() == null ? Map.of() : draft.attributeMapping();
        errors.addAll(schema.validateMapping(mapping));
        if (!errors.isEmpty()) {
            throw ApiException.BadRequest.fields(errors);
        }
        return type;
    }

    /** The scheme, host and port of every URL in a source's settings: where its secret may be sent. */
    static Set<String> origins(Object settings) {
        Set<String> found = new TreeSet<>();
        collectOrigins(settings, found);
        return found;
    }

    private static void collectOrigins(Object value, Set<String> found) {
        if (value instanceof JsonObject object) {
            object.forEach(entry -> collectOrigins(entry.getValue(), found));
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> collectOrigins(item, found));
        } else if (value instanceof String text && (text.startsWith("http://") || text.startsWith("https://"))) {
            try {
                URI uri = URI.create(text);
                found.add(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
            } catch (IllegalArgumentException e) {
                found.add(text);
            }
        }
    }

    private byte[] seal(String tenantId, String id, String secret) {
        return secret == null ? null : encryptor.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(tenantId, id));
    }

    private static String associatedData(String tenantId, String id) {
        return "source:" + tenantId + ":" + id;
    }

    private JsonObject toJson(JsonNode node) {
        return new JsonObject(node.toString());
    }

    private SourceView view(SourceRecord source) {
        return new SourceView(source.id(), source.type(), source.name(), source.status(), settingsOf(source),
                source.attributeMapping(), source.secretCiphertext() != null, source.createdAt(), source.updatedAt(),
                source.retiredAt());
    }
}
