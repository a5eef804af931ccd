package io.jitsso.contracts.admin;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.time.Duration;

/**
 * Reads a tenant's JWKS from session-service ({@code <base>/t/<tenant>/jwks}) over HTTP, without
 * blocking. Answers over 64 KB are refused: a JWKS holds a handful of keys.
 */
public final class HttpKeySource implements KeySource {

    private static final int MAX_BYTES = 64 * 1024;
    private static final String NO_KEYS = "{\"keys\":[]}";

    private final HttpClient client;
    private final String baseUrl;

    public HttpKeySource(Vertx vertx, String baseUrl) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setMaxPoolSize(4)
                .setMaxWaitQueueSize(64));
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public Uni<String> jwks(String tenantId) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(baseUrl + "/t/" + tenantId + "/jwks").setTimeout(5_000);
        return client.request(request).chain(sent -> sent.send()).chain(HttpKeySource::body)
                .ifNoItem().after(Duration.ofSeconds(5)).failWith(() -> new IllegalStateException("the JWKS did not answer in time"));
    }

    private static Uni<String> body(HttpClientResponse response) {
        if (response.statusCode() == 404) {
            return response.body().replaceWith(NO_KEYS);
        }
        if (response.statusCode() != 200) {
            return response.body().chain(ignored -> Uni.createFrom().failure(new IllegalStateException(
                    "the JWKS answered HTTP " + response.statusCode())));
        }
        return response.body().map(HttpKeySource::bounded);
    }

    private static String bounded(Buffer buffer) {
        if (buffer.length() > MAX_BYTES) {
            throw new IllegalStateException("the JWKS is larger than " + MAX_BYTES + " bytes");
        }
        return buffer.toString();
    }
}
