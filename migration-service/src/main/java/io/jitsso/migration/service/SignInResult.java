package io.jitsso.migration.service;

import io.jitsso.migration.client.SessionServiceClient.AppTokens;
import java.util.UUID;

/**
 * A successful migration sign-in: the session every app of the tenant can use, the calling app's
 * tokens, and whether this sign-in migrated the user (false: verified locally).
 */
public record SignInResult(String sessionId, UUID userId, AppTokens tokens, boolean migrated) {

    @Override
    public String toString() {
        return "SignInResult[" + userId + ", migrated=" + migrated + "]";
    }
}
