/**
 * The provisioning service: the system of record for users.
 *
 * <p>Owns users, their roles with provenance (which connection or source granted each role), the
 * per-tenant user schema and the audit log. Consumes sign-in and migration events to create and update
 * users just in time, and publishes user lifecycle events (through its transactional outbox).
 */
package io.jitsso.provisioning;
