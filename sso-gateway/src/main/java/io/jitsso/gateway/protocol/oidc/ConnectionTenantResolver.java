package io.jitsso.gateway.protocol.oidc;

import io.jitsso.gateway.config.GatewayConfig;
import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.persistence.ConnectionSettings;
import io.jitsso.gateway.service.ConnectionDirectory;
import io.jitsso.gateway.service.LiveConnection;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Makes every active connection a quarkus-oidc tenant, resolved per request from the path
 * {@code /oidc/<connection>/callback}, or, for the authorization endpoint's challenge, from
 * {@link #CHALLENGE_CONNECTION}. Requests elsewhere resolve to the default tenant, which is
 * disabled: quarkus-oidc only ever acts on the callback path and in that challenge.
 *
 * <p>The configuration object is reused while the connection's version is unchanged, which lets
 * quarkus-oidc keep the provider (discovery document, JWKS, HTTP client) of the tenant; a changed
 * connection replaces the tenant context, so a new issuer, client or secret takes effect at once.
 * Before a configuration is first handed out, the upstream's discovery document must answer: an
 * unreachable IdP is then a clear 502 page, and no broken tenant context is left behind.
 */
@ApplicationScoped
public class ConnectionTenantResolver implements TenantConfigResolver {

    public static final String PATH_PREFIX = "/oidc/";
    public static final String CALLBACK = "/callback";
    /**
     * Set by the authorization endpoint before it asks quarkus-oidc for the challenge itself: the
     * connection whose tenant that request resolves to, although its path is not the callback's.
     */
    public static final String CHALLENGE_CONNECTION = "jitsso.challenge-connection";
    /** quarkus-oidc's routing-context switch: rebuild the tenant context from the returned configuration. */
    private static final String REPLACE_TENANT_CONTEXT = "replace-tenant-configuration-context";

    private record Built(long version, OidcTenantConfig config) {
    }

    private final ConnectionDirectory directory;
    private final DiscoveryCheck discovery;
    private final String publicBaseUrl;
    private final boolean secureCookies;
    private final byte[] masterKey;
    private final Duration stateLifetime;
    private final ConcurrentHashMap<String, Built> built = new ConcurrentHashMap<>();

    ConnectionTenantResolver(ConnectionDirectory directory, DiscoveryCheck discovery, GatewayConfig config) {
        this.directory = directory;
        this.discovery = discovery;
        String base = config.publicBaseUrl();
        this.publicBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.secureCookies = publicBaseUrl.startsWith("https:");
        this.masterKey = Base64.getDecoder().decode(config.keys().masterKey().trim());
        this.stateLifetime = config.signIn().requestLifetime();
    }

    /** The connection id in a callback path, or null for any other path. */
    public static String connectionId(String path) {
        if (path == null || !path.startsWith(PATH_PREFIX) || !path.endsWith(CALLBACK)) {
            return null;
        }
        String id = path.substring(PATH_PREFIX.length(), path.length() - CALLBACK.length());
        return id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        String onPath = connectionId(context.request().path());
        String connectionId = onPath != null ? onPath : context.get(CHALLENGE_CONNECTION);
        if (connectionId == null) {
            return Uni.createFrom().nullItem();
        }
        return directory.active(connectionId).chain(found -> {
            LiveConnection connection = found.filter(live -> !live.settings().isSaml()).orElseThrow(() -> new ApiException.NotFound(
                    "This sign-in connection does not exist or was disconnected."));
            Built current = built.get(connectionId);
            if (current != null && current.version() == connection.record().version()) {
                return Uni.createFrom().item(current.config());
            }
            return discovery.check(connection.settings().issuer()).map(reachable -> {
                OidcTenantConfig config = build(connection);
                built.put(connectionId, new Built(connection.record().version(), config));
                if (current != null) {
                    context.put(REPLACE_TENANT_CONTEXT, "true");
                }
                return config;
            });
        });
    }

    private OidcTenantConfig build(LiveConnection connection) {
        ConnectionSettings settings = connection.settings();
        String roleSource = settings.roleSource();
        return OidcTenantConfig.authServerUrl(settings.issuer())
                .tenantId(connection.id())
                .applicationType(ApplicationType.WEB_APP)
                .clientId(settings.clientId())
                .credentials(connection.clientSecret())
                .authentication()
                    // the upstream returns to this exact URI, which the IdP's admin registers
                    .redirectPath(publicBaseUrl + PATH_PREFIX + connection.id() + CALLBACK)
                    // the callback request itself reaches the resource with the verified identity:
                    // no redirect back to an original path, so no gateway session is needed
                    .restorePathAfterRedirect(false)
                    .removeRedirectParameters(false)
                    .pkceRequired(true)
                    .nonceRequired(true)
                    .scopes(settings.scopes())
                    .userInfoRequired(ConnectionSettings.ROLE_SOURCE_USERINFO.equals(roleSource))
                    .verifyAccessToken(ConnectionSettings.ROLE_SOURCE_ACCESS_TOKEN.equals(roleSource))
                    .cookieForceSecure(secureCookies)
                    .cookiePath(PATH_PREFIX + connection.id() + "/")
                    .stateCookieAge(stateLifetime)
                    // one code flow per connection and browser (the gateway's own sign-in cookie is
                    // per connection too): a callback whose state is not the browser's is refused
                    .allowMultipleCodeFlows(false)
                    // the same on every replica, so a callback may land on any of them
                    .stateSecret(stateSecret(connection.id()))
                .end()
                // the upstream's tokens are not kept after the callback (NoGatewaySession): nothing to encrypt
                .tokenStateManager()
                    .encryptionRequired(false)
                .end()
                .build();
    }

    /** A per-connection key for quarkus-oidc's encrypted state cookie, derived from the master key. */
    private String stateSecret(String connectionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            byte[] derived = mac.doFinal(("oidc-state-cookie|" + connectionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
