package io.jitsso.provisioning.api;

import io.jitsso.provisioning.config.ProvisioningConfig;
import io.jitsso.provisioning.error.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards the operator API ({@code /admin}) with the operator bearer credential, compared in constant time. */
public class AccessFilter {

    private final ProvisioningConfig config;

    AccessFilter(ProvisioningConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public void guard(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/admin/")) {
            require(request, config.operatorToken());
        }
    }

    private static void require(ContainerRequestContext request, String expected) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (presented == null || !constantTimeEquals(expected, presented)) {
            throw new ApiException.Unauthorized("a valid operator credential is required", "Bearer realm=\"jitsso\"");
        }
    }

    /** Compares in time independent of where the strings differ (digests equalize lengths). */
    static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
