package io.jitsso.gateway.service;

import java.net.URI;

/** How a completed upstream sign-in ends for the browser. */
public sealed interface SignInOutcome {

    /** Accepted: back to the app's redirect URI with a single-use code (and the app's state). */
    record ToApp(URI location) implements SignInOutcome {
    }

    /** Denied by the connection's MFA requirement or access policy: no session, no code. */
    record Denied(String error, String reason) implements SignInOutcome {
    }
}
