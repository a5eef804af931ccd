package io.jitsso.migration.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.migration.source.SourceConnectors;
import io.jitsso.migration.source.SourceHttp;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The non-blocking HTTP clients of the service, on Quarkus' Vert.x: the web client for session-service
 * and the gateway, and Vert.x core's client for legacy sources ({@link SourceHttp} says why).
 */
@Singleton
public class HttpClients {

    @Produces
    @Singleton
    WebClient webClient(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions().setConnectTimeout(3000).setFollowRedirects(false)
                .setUserAgent("jitsso-migration-service"));
    }

    /** Made at startup, so a source timeout under 1 ms stops the service there, not at a sign-in. */
    @Produces
    @Singleton
    @Startup
    SourceConnectors sourceConnectors(Vertx vertx, MigrationConfig config, ObjectMapper json) {
        SourceHttp http = new SourceHttp(vertx.getDelegate(),
                vertx.getDelegate().createHttpClient(new HttpClientOptions().setConnectTimeout(3000)),
                config.signIn().sourceTimeout());
        return new SourceConnectors(http, json);
    }
}
