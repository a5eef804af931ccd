package io.jitsso.gateway.protocol.oidc;

import io.jitsso.contracts.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Whether an upstream's OIDC discovery document answers, before quarkus-oidc builds a tenant on it.
 * Vert.x's client keeps the request on its event loop, so the request's context survives the call.
 */
@ApplicationScoped
public class DiscoveryCheck {

    private static final Logger LOG = Logger.getLogger(DiscoveryCheck.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final WebClient http;

    DiscoveryCheck(Vertx vertx) {
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                .setFollowRedirects(false));
    }

    /** Completes when the document answers 200; fails with a 502 otherwise. */
    public Uni<Void> check(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return http.getAbs(base + "/.well-known/openid-configuration")
                .putHeader("Accept", "application/json")
                .timeout(TIMEOUT.toMillis())
                .send()
                .onFailure().transform(failure -> unavailable(issuer, failure.getClass().getSimpleName()))
                .invoke(response -> {
                    if (response.statusCode() != 200) {
                        throw unavailable(issuer, "HTTP " + response.statusCode());
                    }
                })
                .replaceWithVoid();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private static ApiException.BadGateway unavailable(String issuer, String why) {
        LOG.warnf("upstream %s has no usable discovery document: %s", issuer, why);
        return new ApiException.BadGateway("Your identity provider cannot be reached right now. Try again in a moment.");
    }
}
