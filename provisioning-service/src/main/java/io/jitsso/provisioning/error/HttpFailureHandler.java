package io.jitsso.provisioning.error;

import io.jitsso.contracts.error.HttpFailures;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Puts the suite's answer to failures Vert.x raises before a resource runs on the router (HttpFailures). */
@Singleton
public class HttpFailureHandler {

    void register(@Observes Router router) {
        HttpFailures.register(router);
    }
}
