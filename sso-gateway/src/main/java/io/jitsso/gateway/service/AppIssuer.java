package io.jitsso.gateway.service;

import java.util.Map;
import java.util.Optional;

/** The issuer apps know (session-service's {@code <base>/t/<tenant>}), for RFC 9207's {@code iss} parameter. */
final class AppIssuer {

    private final String base;

    AppIssuer(Optional<String> issuerBaseUrl) {
        this.base = issuerBaseUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url).orElse(null);
    }

    void addTo(Map<String, String> parameters, String tenantId) {
        if (base != null) {
            parameters.put("iss", base + "/t/" + tenantId);
        }
    }
}
