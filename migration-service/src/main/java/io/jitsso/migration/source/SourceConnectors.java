package io.jitsso.migration.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.jitsso.migration.source.http.CredentialCheckConnector;
import io.jitsso.migration.source.http.CredentialCheckSettings;
import io.jitsso.migration.source.otp.OneTimeCodeConnector;
import io.jitsso.migration.source.otp.OneTimeCodeSettings;
import io.jitsso.migration.source.redirect.RedirectSettings;
import io.jitsso.migration.source.ropc.PasswordGrantConnector;
import io.jitsso.migration.source.ropc.PasswordGrantSettings;
import java.util.List;

/**
 * Builds a source's connector from its type, settings and decrypted secret, and validates settings
 * when a source is saved. Settings are checked by the same parsers that build connectors, so a source
 * that saved is a source that can run.
 */
public final class SourceConnectors {

    private final SourceHttp http;
    private final ObjectMapper json;

    public SourceConnectors(SourceHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    /** What is wrong with these settings for this type; empty when they are usable. */
    public List<FieldError> validate(SourceType type, JsonNode settings) {
        SettingsErrors errors = new SettingsErrors();
        if (settings == null || !settings.isObject()) {
            errors.add("", "settings must be an object");
            return errors.errors();
        }
        switch (type) {
            case OAUTH2_PASSWORD -> PasswordGrantSettings.parse(settings, errors);
            case HTTP_CREDENTIAL_CHECK -> CredentialCheckSettings.parse(settings, errors, json);
            case ONE_TIME_CODE -> OneTimeCodeSettings.parse(settings, errors);
            case REDIRECT -> RedirectSettings.parse(settings, errors);
            default -> throw new IllegalArgumentException("unknown source type");
        }
        return errors.errors();
    }

    public PasswordCheck passwordCheck(SourceType type, JsonNode settings, String secret) {
        SettingsErrors errors = new SettingsErrors();
        PasswordCheck connector = switch (type) {
            case OAUTH2_PASSWORD -> new PasswordGrantConnector(PasswordGrantSettings.parse(settings, errors), secret, http, json);
            case HTTP_CREDENTIAL_CHECK -> new CredentialCheckConnector(CredentialCheckSettings.parse(settings, errors, json),
                    secret, http, json);
            default -> throw new IllegalArgumentException(type.id() + " sources do not check passwords");
        };
        requireValid(errors);
        return connector;
    }

    public OneTimeCode oneTimeCode(SourceType type, JsonNode settings, String secret) {
        if (type != SourceType.ONE_TIME_CODE) {
            throw new IllegalArgumentException(type.id() + " sources do not send codes");
        }
        SettingsErrors errors = new SettingsErrors();
        OneTimeCode connector = new OneTimeCodeConnector(OneTimeCodeSettings.parse(settings, errors), secret, http, json);
        requireValid(errors);
        return connector;
    }

    private static void requireValid(SettingsErrors errors) {
        if (!errors.errors().isEmpty()) {
            // stored settings were validated on save; this means the row was edited behind the API
            throw new IllegalStateException("stored source settings are invalid: " + errors.errors().get(0).field());
        }
    }
}
