package io.jitsso.gateway.client;

import io.jitsso.contracts.reactive.OffEventLoop;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches an IdP's SAML metadata from the URL an admin gave, when the connection is saved and on every
 * refresh ({@link io.jitsso.gateway.service.MetadataRefresh}): 5 s
 * timeouts, no redirects, at most {@link #MAX_BYTES}. Runs on a worker thread (the body is read
 * through a bounded stream). An {@link IllegalArgumentException} says why it failed, for the
 * admin's field error.
 */
@ApplicationScoped
public class MetadataClient {

    public static final int MAX_BYTES = 200 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public Uni<String> fetch(String url) {
        return OffEventLoop.compute(() -> get(url));
    }

    private String get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("could not be fetched: HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IllegalArgumentException("metadata larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("could not be fetched: interrupted");
        }
    }
}
