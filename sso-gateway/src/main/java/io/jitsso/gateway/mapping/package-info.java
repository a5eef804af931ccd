/**
 * What a federated sign-in means for the suite, as pure functions: an {@link io.jitsso.gateway.mapping.UpstreamIdentity}
 * (built by a protocol from its tokens or assertion) goes through the connection's
 * {@link io.jitsso.gateway.mapping.RoleMapper} and {@link io.jitsso.gateway.mapping.AccessPolicy}. Nothing here
 * knows OIDC, SAML, HTTP or the database, so the SAML flow reuses it unchanged.
 */
package io.jitsso.gateway.mapping;
