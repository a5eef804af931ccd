package io.jitsso.contracts.admin;

import io.jitsso.contracts.http.CanonicalUuid;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.time.Duration;

/**
 * Asks session-service's internal API (internal credential) whether an admin token's session or
 * break-glass credentials still stand: {@code GET <base>/internal/v1/tenants/<t>/sessions/<sid>/status}
 * or {@code GET <base>/internal/v1/tenants/<t>/break-glass/status?version=<v>}, each answering
 * {@code {"active": true|false}}. Anything else, or no answer within 5 s, is a failure (the caller answers 503).
 */
public final class HttpTokenStatus implements AdminTokenStatus {

    private static final int MAX_BYTES = 4 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final HttpClient client;
    private final String baseUrl;
    private final String authorization;

    public HttpTokenStatus(Vertx vertx, String baseUrl, String internalToken) {
        // a hung session-service fails requests quickly instead of queueing them without bound
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setMaxPoolSize(4)
                .setMaxWaitQueueSize(64));
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Bearer " + internalToken;
    }

    @Override
    public Uni<Boolean> active(AdminPrincipal principal) {
        try {
            checkPathParts(principal);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        String path = "/internal/v1/tenants/" + principal.tenantId() + (principal.breakGlass()
                ? "/break-glass/status?version=" + principal.breakGlassVersion()
                : "/sessions/" + principal.sessionId() + "/status");
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(baseUrl + path)
                .putHeader("Authorization", authorization).setTimeout(5_000);
        return client.request(request).chain(sent -> sent.send()).chain(HttpTokenStatus::answer)
                .ifNoItem().after(DEADLINE).failWith(() -> new IllegalStateException("the session status did not answer in time"));
    }

    /** The path is built from the principal: only a tenant id and a canonical UUID may go into it. */
    private static void checkPathParts(AdminPrincipal principal) {
        if (!AdminAccess.TENANT_ID.matcher(principal.tenantId()).matches()
                || !principal.breakGlass() && CanonicalUuid.parse(principal.sessionId()) == null) {
            throw new IllegalArgumentException("not a tenant id and session id");
        }
    }

    private static Uni<Boolean> answer(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.body().chain(ignored -> Uni.createFrom().failure(new IllegalStateException(
                    "the session status answered HTTP " + response.statusCode())));
        }
        return response.body().map(HttpTokenStatus::active);
    }

    private static boolean active(Buffer body) {
        // session-service is a trusted peer and its answers are a few bytes; the bound guards against a wrong URL
        if (body.length() > MAX_BYTES) {
            throw new IllegalStateException("the session status answer is too large");
        }
        try {
            Object active = new JsonObject(body.toString()).getValue("active");
            if (!(active instanceof Boolean)) {
                throw new IllegalStateException("the session status answer has no \"active\"");
            }
            return (Boolean) active;
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalStateException("the session status answer is not JSON");
        }
    }
}
