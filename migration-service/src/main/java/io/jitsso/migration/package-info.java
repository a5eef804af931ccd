/**
 * The migration service: moves users off a legacy identity provider just in time.
 *
 * <p>Owns the source IdP connectors, the per-tenant migration journeys and the local password hashes
 * of migrated users. Publishes migration events (through its transactional outbox) and opens sessions
 * through the session-service.
 */
package io.jitsso.migration;
