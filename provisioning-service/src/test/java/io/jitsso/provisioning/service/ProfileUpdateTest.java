package io.jitsso.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.persistence.UserEntity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileUpdateTest {

    @Test
    void assertedAttributesReplaceAndMissingOnesStay() {
        UserEntity user = user();
        boolean changed = ProfileUpdate.apply(user, new SignInEvent.Profile(null, null, "Alicia", null, null, Map.of("site", "ber")));
        assertTrue(changed);
        assertEquals("alice@example.com", user.email);
        assertTrue(user.emailVerified);
        assertEquals("Alicia", user.givenName);
        assertEquals("Liddell", user.familyName);
        assertEquals(Map.of("department", "research", "site", "ber"), user.custom);
    }

    @Test
    void aNewEmailIsOnlyAsVerifiedAsTheSignInSays() {
        UserEntity user = user();
        ProfileUpdate.apply(user, new SignInEvent.Profile("alice@new.example", null, null, null, null, null));
        assertEquals("alice@new.example", user.email);
        assertFalse(user.emailVerified);
    }

    @Test
    void theSameProfileChangesNothing() {
        UserEntity user = user();
        assertFalse(ProfileUpdate.apply(user, new SignInEvent.Profile("alice@example.com", true, "Alice", "Liddell", null,
                Map.of("department", "research"))));
        assertFalse(ProfileUpdate.apply(user, null));
    }

    private static UserEntity user() {
        UserEntity user = new UserEntity();
        user.email = "alice@example.com";
        user.emailVerified = true;
        user.givenName = "Alice";
        user.familyName = "Liddell";
        user.custom = new HashMap<>(Map.of("department", "research"));
        return user;
    }
}
