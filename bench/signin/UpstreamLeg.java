import java.io.IOException;

/**
 * The protocol step of a brokered sign-in: what the user's browser does between the app's authorization
 * request and its return to the app, one hop at a time (the broker's redirects, the upstream IdP's pages, the
 * broker's callback). One instance per sign-in. {@code bench/broker/BrokerLoad.java} (OIDC upstream) and
 * {@code bench/saml-broker/SamlBrokerLoad.java} (SAML IdP) implement it.
 */
interface UpstreamLeg {

    /** The requests the browser makes at {@code url}; returns the URL it goes to next. Throws on an unexpected answer. */
    String hop(Browser browser, String url) throws IOException;

    /** Called when the browser is back at the app; throws when it got there without this protocol's round trip. */
    default void checkComplete(String appUrl) {
    }
}
