package io.jitsso.contracts.error;

import io.vertx.core.VertxException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Failures Vert.x raises before a request reaches a resource get the same problem+json shape as everything
 * else instead of an empty response or Quarkus's own error JSON: an oversized body (413), and a request the
 * router refuses before matching a route (400: an HTTP/1.1 request without {@code Host}, an empty path).
 * Each service's HttpFailureHandler calls {@link #register} on its router (an observer, so a bean of the
 * service).
 *
 * <p>A request whose URI {@code java.net.URI} cannot parse (a malformed percent-escape such as {@code ?x=%zz})
 * never gets this far: Quarkus's root handler answers it with an empty 400 before any router, and offers no
 * hook but switching that check off ({@code vertx.disableURIValidation}), which we do not.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static void register(Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpFailures::handle);
    }

    public static void handle(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
        } else if (context.statusCode() == 413) {
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                    .end(body(413, "Payload Too Large", Problems.describe(413)));
        } else if (context.statusCode() == 400) {
            // Vert.x's own messages name the rule, never the request's content; anything else gets the sentence
            String detail = context.failure() instanceof VertxException failure && failure.getMessage() != null
                    && ROUTER_MESSAGES.contains(failure.getMessage()) ? failure.getMessage() : Problems.describe(400);
            context.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body(400, "Bad Request", detail));
        } else {
            context.next();
        }
    }

    /** The router's refusals before routing (vertx-web 4.5's RoutingContextImpl), which are safe to repeat. */
    static final Set<String> ROUTER_MESSAGES = Set.of(
            "For HTTP/1.x requests, the 'Host' header is required",
            "For HTTP/2 requests, the ':authority' pseudo-header is required",
            "The request path must start with '/' and cannot be empty");

    private static String body(int status, String title, String detail) {
        return new JsonObject().put("type", "https://jitsso.io/problems/" + title.toLowerCase().replace(' ', '-'))
                .put("title", title).put("status", status).put("detail", detail).put("message", detail).encode();
    }
}
