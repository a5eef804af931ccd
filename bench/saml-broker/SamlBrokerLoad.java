import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SAML-brokered sign-in load for the JIT SSO benchmark: the upstream leg of {@code bench/signin/SignInLoad.java}
 * (compiled together by {@code bench/saml-broker/run.sh}), which does the rest: the app's OIDC authorization
 * request (PKCE S256, state, nonce) before it, the return to the app with the same {@code state} and the code
 * exchange (200 with an {@code id_token}) after it.
 *
 * <p>In between, every step's status is checked:
 * <ol>
 *   <li>every redirect the broker answers (3xx only) until the browser reaches the SAML IdP's single sign-on URL
 *       ({@code --idp-sso}, required) with an AuthnRequest (HTTP-Redirect binding); the browser adds
 *       {@code login_hint=<user>} there, which the stand-in IdP takes as the signed-in user (it has no login
 *       form);</li>
 *   <li>the IdP answers 200 with an auto-posting form; the browser POSTs its hidden fields ({@code SAMLResponse},
 *       {@code RelayState}) to the form's action, the broker's assertion consumer service, which must answer a
 *       redirect;</li>
 *   <li>every further redirect until the app's redirect URI; arriving there without the SAML round trip fails.</li>
 * </ol>
 * Any other status at any step (a login or profile form, an error page) fails the sign-in.
 */
public final class SamlBrokerLoad implements UpstreamLeg {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile(
            "<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"");

    private final String idpSso;
    private final String user;
    private boolean posted;

    private SamlBrokerLoad(String idpSso, String user) {
        this.idpSso = idpSso;
        this.user = user;
    }

    public static void main(String[] args) throws Exception {
        SignInLoad.run(args, List.of("--idp-sso"), options -> {
            String idpSso = options.get("--idp-sso");
            return user -> new SamlBrokerLoad(idpSso, user);
        });
    }

    @Override
    public String hop(Browser browser, String url) throws IOException {
        return url.startsWith(idpSso + "?") ? throughIdp(browser, url) : redirect(browser, url);
    }

    /** The SAML IdP: the AuthnRequest arrives over HTTP-Redirect, the user names itself, the form goes to the ACS. */
    private String throughIdp(Browser browser, String url) throws IOException {
        HttpConnection.Response idp = browser.get(url + "&login_hint=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        if (idp.status != 200 || !idp.body.contains("SAMLResponse")) {
            throw new IllegalStateException("IdP answered " + idp.status + ": " + Browser.snippet(idp.body));
        }
        Matcher action = FORM_ACTION.matcher(idp.body);
        if (!action.find()) {
            throw new IllegalStateException("IdP page without a form: " + Browser.snippet(idp.body));
        }
        String acs = URI.create(url).resolve(Browser.unescape(action.group(1))).toString();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(idp.body);
        while (hidden.find()) {
            fields.put(Browser.unescape(hidden.group(1)), Browser.unescape(hidden.group(2)));
        }
        HttpConnection.Response consumed = browser.postForm(acs, fields);
        if (!Browser.isRedirect(consumed)) {
            throw new IllegalStateException("ACS " + acs + " answered " + consumed.status + ": " + Browser.snippet(consumed.body));
        }
        posted = true;
        return Browser.redirectTarget(acs, consumed);
    }

    private static String redirect(Browser browser, String url) throws IOException {
        HttpConnection.Response response = browser.get(url);
        if (!Browser.isRedirect(response)) {
            throw new IllegalStateException("unexpected " + response.status + " at " + url + ": " + Browser.snippet(response.body));
        }
        return Browser.redirectTarget(url, response);
    }

    @Override
    public void checkComplete(String appUrl) {
        if (!posted) {
            throw new IllegalStateException("back at the app without a SAML round trip: " + appUrl);
        }
    }
}
