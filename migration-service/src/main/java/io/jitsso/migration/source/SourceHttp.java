package io.jitsso.migration.source;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Calls to a source over HTTP, each with a deadline and a cap on its answer. A source that cannot be
 * reached, does not answer whole in time, answers more than {@link #MAX_ANSWER_BYTES}, 5xx or 429,
 * becomes {@link CheckResult.Unavailable}; the interpretation of every other answer is the connector's.
 * Logs name the source's host and status, never a body.
 *
 * <p>Built on Vert.x core's HTTP client rather than the web client: an abandoned answer (over the cap,
 * or past the deadline) must reset its request, which closes the connection, and the web client
 * keeps no handle on the request once it is sent.
 */
public final class SourceHttp {

    /**
     * The most an answer's body may hold: token responses, userinfo and profile answers are a few KiB.
     * A longer answer is not read past this point (one with a longer Content-Length not at all).
     */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(SourceHttp.class);

    /** What a source answered: its status and body (at most {@link #MAX_ANSWER_BYTES}, maybe empty). */
    public record Answer(int status, byte[] body) {
    }

    /** The answer was longer than the cap. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("answer over " + MAX_ANSWER_BYTES + " bytes", null, false, false);
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration deadline;

    /** {@code deadline} bounds each call's whole exchange: connection, request, status, headers and body. */
    public SourceHttp(Vertx vertx, HttpClient client, Duration deadline) {
        // a Vert.x timer refuses delays under 1 ms: such a deadline would never fire (ADR-24)
        if (deadline.toMillis() < 1) {
            throw new IllegalArgumentException("jitsso.sign-in.source-timeout must be at least 1 ms, not " + deadline);
        }
        this.vertx = vertx;
        this.client = client;
        this.deadline = deadline;
    }

    /** A request to {@code url} that takes JSON back; never follows redirects. */
    public static RequestOptions request(HttpMethod method, String url) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(url).setFollowRedirects(false)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "jitsso-migration-service");
    }

    /**
     * Sends {@code request} with {@code body} (none when null) and interprets the answer. {@code what} names
     * the source in logs (its host).
     */
    public Uni<CheckResult> call(String what, RequestOptions request, Buffer body, Function<Answer, Uni<CheckResult>> interpret) {
        return exchange(request, body)
                .onItem().transformToUni(answer -> {
                    if (answer.status() >= 500 || answer.status() == 429) {
                        LOG.warnf("source %s answered HTTP %d", what, answer.status());
                        return Uni.createFrom().item((CheckResult) new CheckResult.Unavailable(CheckResult.Unavailable.ERROR));
                    }
                    return interpret.apply(answer);
                })
                .onFailure().recoverWithItem(failure -> new CheckResult.Unavailable(outageReason(what, failure)));
    }

    /**
     * The whole answer to {@code request} within the deadline (the client's idle timeout would not do: a
     * source sending a byte every few seconds never trips it). It fails at the deadline, or as soon as the
     * answer is known to be longer than the cap; either way the request is reset, which closes its
     * connection, so the source holds nothing open and the rest of the answer is never read.
     */
    public Uni<Answer> exchange(RequestOptions request, Buffer body) {
        return Uni.createFrom().completionStage(() -> start(request, body).toCompletionStage());
    }

    /** The outage reason ({@link CheckResult.Unavailable}) of a failed {@link #exchange}, logged. */
    public static String outageReason(String what, Throwable failure) {
        if (failure instanceof TooLarge) {
            LOG.warnf("source %s answered more than %d bytes", what, MAX_ANSWER_BYTES);
            return CheckResult.Unavailable.OVERSIZED;
        }
        LOG.warnf("source %s unreachable: %s", what, failure.getClass().getSimpleName());
        return CheckResult.Unavailable.UNREACHABLE;
    }

    private Future<Answer> start(RequestOptions options, Buffer body) {
        Promise<Answer> answer = Promise.promise();
        // one context for the timer and every handler of the exchange, so none of them race
        Context context = vertx.getOrCreateContext();
        context.runOnContext(started -> {
            long timer = vertx.setTimer(deadline.toMillis(),
                    fired -> answer.tryFail(new TimeoutException("no whole answer within " + deadline)));
            answer.future().onComplete(done -> vertx.cancelTimer(timer));
            client.request(options)
                    .onSuccess(request -> send(request, body, answer))
                    .onFailure(answer::tryFail);
        });
        return answer.future();
    }

    private static void send(HttpClientRequest request, Buffer body, Promise<Answer> answer) {
        answer.future().onFailure(abandoned -> request.reset());
        if (answer.future().isComplete()) {
            return;
        }
        (body == null ? request.send() : request.send(body))
                .onSuccess(response -> read(response, answer))
                .onFailure(answer::tryFail);
    }

    private static void read(HttpClientResponse response, Promise<Answer> answer) {
        if (declaresMoreThanTheCap(response.getHeader(HttpHeaders.CONTENT_LENGTH))) {
            answer.tryFail(new TooLarge());
            return;
        }
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (answer.future().isComplete()) {
                return;
            }
            if (received.length() + (long) chunk.length() > MAX_ANSWER_BYTES) {
                answer.tryFail(new TooLarge());
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(end -> answer.tryComplete(new Answer(response.statusCode(), received.getBytes())));
    }

    private static boolean declaresMoreThanTheCap(String contentLength) {
        try {
            return contentLength != null && Long.parseLong(contentLength.trim()) > MAX_ANSWER_BYTES;
        } catch (NumberFormatException e) {
            return false; // the HTTP decoder refuses it, and the cap holds while reading anyway
        }
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
