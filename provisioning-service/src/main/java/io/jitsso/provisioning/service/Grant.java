package io.jitsso.provisioning.service;

/** A role and the source that granted it. */
public record Grant(String role, String source) {
}
