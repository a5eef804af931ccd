package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.persistence.UserEntity;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Applies the attributes a sign-in asserts to a user (SPEC A4, A6). An attribute the sign-in does not
 * carry keeps its value; custom attributes merge key by key.
 */
public final class ProfileUpdate {

    private ProfileUpdate() {
    }

    /** Returns whether anything changed. */
    public static boolean apply(UserEntity user, SignInEvent.Profile profile) {
        if (profile == null) {
            return false;
        }
        boolean changed = false;
        if (profile.email() != null && !profile.email().equals(user.email)) {
            user.email = profile.email();
            // a new address is only as verified as this sign-in says
            user.emailVerified = Boolean.TRUE.equals(profile.emailVerified());
            changed = true;
        } else if (profile.emailVerified() != null && profile.emailVerified() != user.emailVerified) {
            user.emailVerified = profile.emailVerified();
            changed = true;
        }
        if (profile.givenName() != null && !profile.givenName().equals(user.givenName)) {
            user.givenName = profile.givenName();
            changed = true;
        }
        if (profile.familyName() != null && !profile.familyName().equals(user.familyName)) {
            user.familyName = profile.familyName();
            changed = true;
        }
        if (profile.displayName() != null && !profile.displayName().equals(user.displayName)) {
            user.displayName = profile.displayName();
            changed = true;
        }
        if (profile.custom() != null && !profile.custom().isEmpty()) {
            Map<String, String> merged = new HashMap<>(user.custom == null ? Map.of() : user.custom);
            merged.putAll(profile.custom());
            if (!Objects.equals(merged, user.custom)) {
                // a new map instance: Hibernate detects the change by comparing snapshots
                user.custom = merged;
                changed = true;
            }
        }
        return changed;
    }
}
