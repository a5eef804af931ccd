package io.jitsso.migration.source;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One call to a source over HTTP with a deadline. A source that cannot be reached or does not answer
 * in time, answers 5xx or 429, becomes {@link CheckResult.Unavailable}; the interpretation of
 * every other answer is the connector's. Logs name the source's host and status, never a body.
 */
public final class SourceHttp {

    private static final Logger LOG = Logger.getLogger(SourceHttp.class);

    private SourceHttp() {
    }

    /**
     * {@code deadline} bounds the whole exchange, body included: the client's own timeout is an idle timeout,
     * which a source sending a byte every few seconds never trips.
     */
    public static Uni<CheckResult> call(String what, Duration deadline, Uni<HttpResponse<Buffer>> request,
            Function<HttpResponse<Buffer>, Uni<CheckResult>> interpret) {
        return request
                .ifNoItem().after(deadline).fail()
                .onItem().transformToUni(response -> {
                    int status = response.statusCode();
                    if (status >= 500 || status == 429) {
                        LOG.warnf("source %s answered HTTP %d", what, status);
                        return Uni.createFrom().item((CheckResult) new CheckResult.Unavailable(CheckResult.Unavailable.ERROR));
                    }
                    return interpret.apply(response);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("source %s unreachable: %s", what, failure.getClass().getSimpleName());
                    return new CheckResult.Unavailable(CheckResult.Unavailable.UNREACHABLE);
                });
    }

    public static <T> HttpRequest<T> withDeadline(HttpRequest<T> request, Duration timeout) {
        return request.timeout(timeout.toMillis()).followRedirects(false);
    }

    /** Source URLs: https, or http on a loopback host only (a credential must not cross a network in clear). */
    public static String checkUrl(String url) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "must be an absolute http(s) URL";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must be an absolute http(s) URL without user info or fragment";
        }
        if ("https".equals(uri.getScheme())) {
            return null;
        }
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        return "http".equals(uri.getScheme()) && loopback ? null : "must use https (http only on localhost)";
    }
}
