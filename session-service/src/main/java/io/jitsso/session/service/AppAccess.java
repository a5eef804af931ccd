package io.jitsso.session.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.contracts.profile.RequiredRoles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An app's required roles (SPEC A5, ADR-33), checked wherever session-service hands an app a user's tokens: the code
 * of a sign-in (the gateway's), the tokens of a migration sign-in, silent authentication. The roles are those of the
 * session, as the sign-in that opened it mapped them ({@code roles} in its claims).
 */
final class AppAccess {

    private AppAccess() {
    }

    /** The roles a session's claims carry; none when it has no {@code roles} (a migration's session). */
    static List<String> roles(JsonObject claims) {
        Object value = claims == null ? null : claims.getValue("roles");
        List<String> roles = new ArrayList<>();
        if (value instanceof JsonArray array) {
            for (Object role : array) {
                if (role instanceof String name) {
                    roles.add(name);
                }
            }
        }
        return roles;
    }

    /**
     * Refuses (403) a sign-in that opens a session for {@code app} without the roles it requires. The detail is shown
     * to the user who signed in, so it names their roles.
     */
    static void checkSignIn(AppView app, JsonObject claims) {
        RequiredRoles required = app.requiredRoles();
        List<String> roles = roles(claims);
        if (!required.allows(roles)) {
            throw new ApiException.Forbidden("The application \"" + app.name() + "\" requires " + required.describe()
                    + "; your sign-in grants " + RequiredRoles.describeGranted(roles) + ".");
        }
    }

    /**
     * Refuses (403) silent authentication for {@code app} from a session without the roles it requires. The detail
     * goes to the app's backend, which is not told the user's roles.
     */
    static void checkSession(AppView app, JsonObject claims) {
        RequiredRoles required = app.requiredRoles();
        if (!required.allows(roles(claims))) {
            throw new ApiException.Forbidden("the session's user does not have the roles this app requires ("
                    + required.describe() + "); the session stays live for the tenant's other apps");
        }
    }
}
