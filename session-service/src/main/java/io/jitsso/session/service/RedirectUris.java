package io.jitsso.session.service;

import io.jitsso.contracts.error.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for registered redirect URIs (OAuth 2.0 Security BCP): absolute, exact (no wildcards, no
 * fragment), https, except http on the loopback host for local development. The flow compares the
 * requested URI to a registered one by exact string match.
 */
public final class RedirectUris {

    public static final int MAX_URIS = 20;
    public static final int MAX_LENGTH = 2000;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private RedirectUris() {
    }

    /** The list as given, or a BadRequest naming the first offending URI. */
    public static List<String> validate(List<String> uris) {
        if (uris == null) {
            return List.of();
        }
        if (uris.size() > MAX_URIS) {
            throw ApiException.BadRequest.field("redirect_uris", "at most " + MAX_URIS + " URIs");
        }
        for (String uri : uris) {
            String problem = problem(uri);
            if (problem != null) {
                throw ApiException.BadRequest.field("redirect_uris", problem);
            }
        }
        return List.copyOf(uris);
    }

    /** Why the URI cannot be registered, or null when it can. */
    static String problem(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            return "each URI must be 1 to " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "not a valid URI: " + truncate(value);
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "must be absolute with a host: " + truncate(value);
        }
        if (uri.getRawFragment() != null) {
            return "must not contain a fragment: " + truncate(value);
        }
        if (value.contains("*")) {
            return "wildcards are not allowed: " + truncate(value);
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user info: " + truncate(value);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !("http".equals(scheme) && LOOPBACK.contains(host))) {
            return "must use https (http only for localhost): " + truncate(value);
        }
        return null;
    }

    private static String truncate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
