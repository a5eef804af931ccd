package io.jitsso.provisioning.service;

import io.jitsso.contracts.events.SignInEvent;
import java.util.Collection;
import java.util.UUID;

/**
 * Account linking only when safe (SPEC A10): the sign-in vouches for its email, exactly one user of
 * the tenant has that email and vouched for it too, that user is not privileged, and no other
 * account of the same connection is already attached to it.
 */
public final class LinkPolicy {

    /** What a first sign-in does with an existing user of the same email. */
    public sealed interface Decision {
    }

    /** Attach the new account to this user. */
    public record Link(UUID userId) implements Decision {
    }

    /** A user with the email exists but must not be linked; {@code userId} is null when several do. */
    public record Refuse(UUID userId, String reason) implements Decision {
    }

    /** Nothing to link to: create a new user. */
    public record NoCandidate() implements Decision {
    }

    /** Facts about the one existing user with the sign-in's email. */
    public record Candidate(UUID userId, boolean emailVerified, Collection<String> effectiveRoles,
            boolean hasIdentityOfConnection) {
    }

    public static final String AMBIGUOUS = "several users have this email";
    public static final String TARGET_UNVERIFIED = "the existing user's email is not verified";
    public static final String TARGET_PRIVILEGED = "the existing user is privileged";
    public static final String SAME_CONNECTION = "the existing user already has an account of this connection";

    private LinkPolicy() {
    }

    /** Whether the sign-in may link at all: it must assert a verified email. */
    public static boolean eligible(SignInEvent.Profile profile) {
        return profile != null && Boolean.TRUE.equals(profile.emailVerified())
                && profile.email() != null && !profile.email().isBlank();
    }

    /** Decides for the users found with the sign-in's email. */
    public static Decision decide(int usersWithEmail, Candidate candidate) {
        if (usersWithEmail == 0) {
            return new NoCandidate();
        }
        if (usersWithEmail > 1) {
            return new Refuse(null, AMBIGUOUS);
        }
        if (!candidate.emailVerified()) {
            return new Refuse(candidate.userId(), TARGET_UNVERIFIED);
        }
        if (candidate.effectiveRoles().stream().anyMatch(RoleSources.PRIVILEGED::contains)) {
            return new Refuse(candidate.userId(), TARGET_PRIVILEGED);
        }
        if (candidate.hasIdentityOfConnection()) {
            return new Refuse(candidate.userId(), SAME_CONNECTION);
        }
        return new Link(candidate.userId());
    }
}
