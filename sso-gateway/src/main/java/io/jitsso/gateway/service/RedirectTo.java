package io.jitsso.gateway.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the address a browser returns to an app with: its registered URI plus query parameters. */
final class RedirectTo {

    private RedirectTo() {
    }

    static URI withQuery(String registeredUri, Map<String, String> parameters) {
        StringBuilder location = new StringBuilder(registeredUri);
        char separator = registeredUri.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            location.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return URI.create(location.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
