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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches an IdP's SAML metadata from the URL an admin gave, when the connection is saved and on every
 * refresh ({@link io.jitsso.gateway.service.MetadataRefresh}): 5 s for the whole fetch, headers and
 * body, no redirects, at most {@link #MAX_BYTES}. Runs on a worker thread (the body is read through a
 * bounded stream). The deadline covers the body too: a server that sends its headers and then trickles
 * the body would otherwise hold the refresh, which visits connections one after the other, and with
 * it every other connection's key rotation. An {@link IllegalArgumentException} says why it failed,
 * for the admin's field error.
 */
@ApplicationScoped
public class MetadataClient {

    public static final int MAX_BYTES = 200 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final Duration timeout;
    private final HttpClient http;

    public MetadataClient() {
        this(TIMEOUT);
    }

    MetadataClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Uni<String> fetch(String url) {
        return OffEventLoop.compute(() -> get(url));
    }

    private String get(String url) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("could not be fetched: HTTP " + response.statusCode());
                }
                byte[] bytes = readBefore(body, deadline);
                if (bytes.length > MAX_BYTES) {
                    throw new IllegalArgumentException("metadata larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (HttpTimeoutException e) {
            throw tooSlow();
        } catch (IOException e) {
            throw new IllegalArgumentException("could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("could not be fetched: interrupted");
        }
    }

    /**
     * At most {@link #MAX_BYTES} + 1 bytes of the body, read before {@code deadline}: closing the JDK
     * client's body stream from a timer ends a blocked read as if the body had ended there.
     */
    private byte[] readBefore(InputStream body, long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw tooSlow();
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicBoolean late = new AtomicBoolean();
        CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS).execute(() -> {
            if (reading.get()) {
                late.set(true);
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the read ends either way
                }
            }
        });
        try {
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (late.get()) {
                throw tooSlow();
            }
            return bytes;
        } catch (IOException e) {
            if (late.get()) {
                throw tooSlow();
            }
            throw e;
        } finally {
            reading.set(false);
        }
    }

    private IllegalArgumentException tooSlow() {
        return new IllegalArgumentException("could not be fetched within " + timeout.toMillis() + " ms");
    }
}
