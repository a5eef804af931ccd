package io.jitsso.provisioning.persistence;

import java.util.Locale;

/** An email address within a tenant, compared ignoring case as account linking does. */
public record EmailKey(String tenantId, String email) {

    public static EmailKey of(String tenantId, String email) {
        return new EmailKey(tenantId, email.toLowerCase(Locale.ROOT));
    }
}
