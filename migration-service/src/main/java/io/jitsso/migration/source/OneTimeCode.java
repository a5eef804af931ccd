package io.jitsso.migration.source;

import io.smallrye.mutiny.Uni;

/** Capability: the source sends a one-time code to the user and later verifies it. */
public interface OneTimeCode {

    /** Whether the source took the request to send a code; the app's user is never told which. */
    sealed interface SendResult {
        record Sent() implements SendResult {
        }

        record Refused() implements SendResult {
        }

        record Unavailable(String reason) implements SendResult {
        }
    }

    Uni<SendResult> sendCode(String identifier);

    Uni<CheckResult> verifyCode(String identifier, String code);
}
