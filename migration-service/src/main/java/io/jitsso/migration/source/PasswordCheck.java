package io.jitsso.migration.source;

import io.smallrye.mutiny.Uni;

/**
 * Capability: the source checks an identifier and password. The Uni never fails for an expected
 * outcome: outages are {@link CheckResult.Unavailable}.
 */
public interface PasswordCheck {

    Uni<CheckResult> checkPassword(String identifier, String password);
}
