package io.jitsso.gateway.api;

import io.jitsso.gateway.error.ErrorPage;
import io.jitsso.gateway.service.SignInOutcome;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * How every upstream sign-in ends for the browser, whatever the protocol: back to the app with its
 * code, or a page saying why access was denied; the sign-in cookie goes either way.
 */
final class SignInEnd {

    private SignInEnd() {
    }

    static Response respond(SignInOutcome outcome, NewCookie clearedCookie) {
        Response response;
        if (outcome instanceof SignInOutcome.ToApp toApp) {
            response = Response.status(Response.Status.FOUND).location(toApp.location())
                    .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
        } else {
            SignInOutcome.Denied denied = (SignInOutcome.Denied) outcome;
            response = ErrorPage.render(403, "Access denied", denied.reason() + " Ask your administrator for access."
                    + " Error code: " + denied.error() + ".", null);
        }
        return Response.fromResponse(response).cookie(clearedCookie).build();
    }
}
