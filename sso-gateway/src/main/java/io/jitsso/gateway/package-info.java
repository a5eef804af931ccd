/**
 * The SSO gateway: the entry point of federated sign-in.
 *
 * <p>Owns tenants, upstream connections (OIDC and SAML 2.0), role and attribute mappings, access
 * policies and login URLs; runs the OIDC relying-party and SAML service-provider flows and the
 * app-facing authorization endpoint. Publishes sign-in events (through its transactional outbox) and
 * asks the session-service to open sessions and mint tokens.
 */
package io.jitsso.gateway;
