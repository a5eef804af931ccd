package io.jitsso.provisioning.error;

import io.jitsso.contracts.error.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Failures Vert.x raises before a request reaches a resource (an oversized body) get the same
 * problem+json shape as everything else instead of an empty response.
 */
@Singleton
public class HttpFailureHandler {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 413 && !context.response().headWritten()) {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                        .end(new JsonObject().put("type", "https://jitsso.io/problems/payload-too-large")
                                .put("title", "Payload Too Large").put("status", 413)
                                .put("detail", "request body too large").put("message", "request body too large").encode());
            } else {
                context.next();
            }
        });
    }
}
