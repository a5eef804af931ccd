package io.jitsso.provisioning.service;

/** What applying one event did. */
public enum ApplyResult {
    /** A new user was created. */
    CREATED,
    /** The account was linked to an existing user. */
    LINKED,
    /** The user's profile or roles changed. */
    UPDATED,
    /** The user lost roles. */
    DOWNGRADED,
    /** Newer than what was applied, but asserted nothing new (still audited). */
    UNCHANGED,
    /** Nothing to provision: JIT off, a denial of an unknown account, a disconnect without users (audited). */
    AUDITED,
    /** Older than or equal to a sign-in already applied to the account (audited, not applied). */
    STALE,
    /** The event id was applied before: nothing at all. */
    DUPLICATE;

    /** Whether a user changed, so user events wait in the outbox. */
    public boolean changedUser() {
        return this == CREATED || this == LINKED || this == UPDATED || this == DOWNGRADED;
    }

    /** Whether the event changed anything (the audit log included). */
    public boolean applied() {
        return this != DUPLICATE && this != STALE;
    }
}
