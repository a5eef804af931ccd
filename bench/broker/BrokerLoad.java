import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brokered OIDC sign-in load for the JIT SSO benchmark: the upstream leg of {@code bench/signin/SignInLoad.java}
 * (compiled together by {@code bench/broker/run.sh}), which does the rest.
 *
 * <p>Between the app's authorization request (PKCE) and its code exchange, the browser follows every redirect
 * through the broker to the upstream IdP, fills in the upstream's login form (mock-oauth2-server's interactive
 * login: a user name and the claims to assert, {@code --claims} with "{user}" replaced) and follows the
 * upstream's redirect back to the broker's callback and the broker's redirect to the app with a code.
 *
 * <p>Its own options: {@code --upstream} (the upstream's base URL, required) and {@code --claims}.
 */
public final class BrokerLoad implements UpstreamLeg {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");

    private final String upstreamBase;
    private final String claims;
    private final String user;

    private BrokerLoad(String upstreamBase, String claimsTemplate, String user) {
        this.upstreamBase = upstreamBase;
        this.claims = claimsTemplate.replace("{user}", user);
        this.user = user;
    }

    public static void main(String[] args) throws Exception {
        SignInLoad.run(args, List.of("--upstream"), options -> {
            String upstream = options.get("--upstream");
            String claims = options.getOrDefault("--claims", "{\"email\":\"{user}@bench.example\",\"email_verified\":true}");
            return user -> new BrokerLoad(upstream, claims, user);
        });
    }

    /** A redirect is followed; the upstream's login form is filled in and posted; anything else fails. */
    @Override
    public String hop(Browser browser, String url) throws IOException {
        HttpConnection.Response response = browser.get(url);
        if (Browser.isRedirect(response)) {
            return Browser.redirectTarget(url, response);
        }
        if (response.status == 200 && url.startsWith(upstreamBase) && response.body.contains("<form")) {
            Matcher action = FORM_ACTION.matcher(response.body);
            String target = action.find() ? URI.create(url).resolve(action.group(1).replace("&amp;", "&")).toString() : url;
            HttpConnection.Response login = browser.postForm(target, Map.of("username", user, "claims", claims));
            return Browser.redirectTarget(target, login);
        }
        throw new IllegalStateException("unexpected " + response.status + " at " + url + ": " + Browser.snippet(response.body));
    }
}
