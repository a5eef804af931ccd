/**
 * The OIDC relying party towards tenants' upstream IdPs, on quarkus-oidc: each connection is a
 * dynamic quarkus-oidc tenant (authorization code + PKCE + state + nonce, ID token checked for
 * signature via JWKS with refresh on unknown keys, issuer, audience, expiry and nonce). Nothing of
 * quarkus-oidc or JOSE leaves this package: the callback hands an
 * {@link io.jitsso.gateway.mapping.UpstreamIdentity} to the sign-in service.
 */
package io.jitsso.gateway.protocol.oidc;
