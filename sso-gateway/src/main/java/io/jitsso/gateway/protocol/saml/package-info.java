/**
 * The SAML 2.0 service provider towards tenants' upstream IdPs, on OpenSAML 4: AuthnRequests over
 * HTTP-Redirect (signed when the connection asks for it), responses over HTTP-POST verified by
 * {@link io.jitsso.gateway.protocol.saml.ResponseVerifier} (pinned IdP keys, signature profile, XSW,
 * issuer, audience, recipient, time window, InResponseTo), IdP metadata import and SP metadata.
 * Nothing of OpenSAML leaves this package: the ACS hands an
 * {@link io.jitsso.gateway.mapping.UpstreamIdentity} to the sign-in service.
 */
package io.jitsso.gateway.protocol.saml;
