import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The app both brokered benchmarks sign users in to: a confidential OIDC client with PKCE S256, {@code state}
 * and {@code nonce}. Its requests and checks are the same whichever broker (ours or Keycloak) and whichever
 * upstream protocol; only {@code --authorize} and {@code --token} name the broker.
 */
final class OidcApp {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One authorization request: where the browser starts, and what the app keeps to finish it. */
    record Request(String url, String state, String verifier) {
    }

    private final String authorize;
    private final String token;
    private final String clientId;
    private final String basic;
    private final String redirectUri;

    OidcApp(Map<String, String> options) {
        authorize = options.get("--authorize");
        token = options.get("--token");
        clientId = options.get("--client-id");
        basic = "Basic " + Base64.getEncoder().encodeToString(
                (clientId + ":" + options.get("--client-secret")).getBytes(StandardCharsets.UTF_8));
        redirectUri = options.get("--redirect-uri");
    }

    Request authorizationRequest() {
        String state = random(16);
        String verifier = random(32);
        String url = authorize + (authorize.contains("?") ? "&" : "?") + Browser.form(Map.of(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", "openid email profile",
                "state", state, "nonce", random(16), "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        return new Request(url, state, verifier);
    }

    /** Whether the browser is back at the app's redirect URI, where the broker's part ends. */
    boolean isRedirectUri(String url) {
        return url.startsWith(redirectUri + "?");
    }

    /**
     * The app's backend finishes the request the browser brought back: the same {@code state}, a {@code code},
     * and a code exchange answering 200 with an {@code id_token}. Throws otherwise.
     */
    void finish(Request request, String url) throws IOException {
        Map<String, String> query = Browser.query(URI.create(url).getRawQuery());
        if (!request.state().equals(query.get("state"))) {
            throw new IllegalStateException("state mismatch or error at the app: " + query);
        }
        String code = query.get("code");
        if (code == null) {
            throw new IllegalStateException("no code at the app: " + query);
        }
        HttpConnection.Response tokens = Browser.backend().postForm(token, basic, Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", redirectUri, "code_verifier", request.verifier()));
        if (tokens.status != 200 || !tokens.body.contains("\"id_token\"")) {
            throw new IllegalStateException("code exchange answered " + tokens.status + ": " + Browser.snippet(tokens.body));
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
