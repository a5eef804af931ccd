package io.jitsso.migration.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitsso.migration.config.MigrationConfig;
import io.jitsso.migration.source.SourceConnectors;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The non-blocking HTTP client of the service (sources and session-service), on Quarkus' Vert.x. */
@Singleton
public class HttpClients {

    @Produces
    @Singleton
    WebClient webClient(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions().setConnectTimeout(3000).setFollowRedirects(false)
                .setUserAgent("jitsso-migration-service"));
    }

    @Produces
    @Singleton
    SourceConnectors sourceConnectors(WebClient http, MigrationConfig config, ObjectMapper json) {
        return new SourceConnectors(http, config.signIn().sourceTimeout(), json);
    }
}
