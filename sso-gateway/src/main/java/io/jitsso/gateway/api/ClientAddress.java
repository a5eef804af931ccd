package io.jitsso.gateway.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address of the browser behind a request, for the sign-in's event and audit (ADR-29): the peer's address,
 * or, when the operator trusts the proxies in front of the gateway (`quarkus.http.proxy.trusted-proxies`), the
 * client address those proxies forwarded. Null when neither is known.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
