package io.jitsso.migration.source.otp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitsso.migration.source.SettingsErrors;
import io.jitsso.migration.source.http.CredentialCheckSettings;
import java.util.Set;

/**
 * Settings of a source that sends and verifies one-time codes: {@code send_url} takes
 * {@code {"identifier"}} and answers 2xx when it sent a code; {@code verify_url} takes
 * {@code {"identifier","code"}} and answers 200 with the user's profile when the code is right.
 *
 * @param sendUrl      where codes are requested
 * @param verifyUrl    where codes are checked
 * @param secretHeader optional: the header carrying the source's secret
 * @param subjectField the profile field holding the user's stable id at the source
 */
public record OneTimeCodeSettings(String sendUrl, String verifyUrl, String secretHeader, String subjectField) {

    private static final Set<String> KNOWN = Set.of("send_url", "verify_url", "secret_header", "subject_field");

    public static OneTimeCodeSettings parse(JsonNode settings, SettingsErrors errors) {
        errors.onlyKnown(settings, KNOWN);
        return new OneTimeCodeSettings(
                errors.url(settings, "send_url", true),
                errors.url(settings, "verify_url", true),
                CredentialCheckSettings.secretHeader(settings, errors),
                errors.requiredText(settings, "subject_field", 255));
    }
}
