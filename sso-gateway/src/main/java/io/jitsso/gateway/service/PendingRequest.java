package io.jitsso.gateway.service;

import io.jitsso.gateway.persistence.PendingAuthorizationStore.PendingAuthorization;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The app's request a verified sign-in completes, taken in the sign-in's own transaction: the
 * request is consumed (and a SAML assertion id recorded) in the same commit as the account and its
 * event, so that a sign-in is one write transaction at the gateway, and a sign-in that fails before
 * it commits leaves the browser's request as it was. Taking fails, and the transaction with it, when
 * the request is gone, expired or was already completed.
 */
@FunctionalInterface
public interface PendingRequest {

    Uni<PendingAuthorization> take(SqlClient sql);

    /** A request that needs no taking (an IdP-initiated SAML sign-in's). */
    static PendingRequest of(PendingAuthorization request) {
        return sql -> Uni.createFrom().item(request);
    }
}
