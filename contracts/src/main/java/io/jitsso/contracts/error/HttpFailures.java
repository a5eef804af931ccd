package io.jitsso.contracts.error;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures Vert.x raises before a request reaches a resource (an oversized body) get the same
 * problem+json shape as everything else instead of an empty response. Each service's
 * HttpFailureHandler installs {@link #handle} on its router (an observer, so a bean of the service).
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static void handle(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                    .end(new JsonObject().put("type", "https://jitsso.io/problems/payload-too-large")
                            .put("title", "Payload Too Large").put("status", 413)
                            .put("detail", "request body too large").put("message", "request body too large").encode());
        } else {
            context.next();
        }
    }
}
