package io.jitsso.provisioning.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LinkPolicyTest {

    private static final UUID USER = UUID.randomUUID();

    @Test
    void onlyAVerifiedEmailMayLink() {
        assertTrue(LinkPolicy.eligible(profile("a@example.com", true)));
        assertFalse(LinkPolicy.eligible(profile("a@example.com", false)));
        assertFalse(LinkPolicy.eligible(profile("a@example.com", null)));
        assertFalse(LinkPolicy.eligible(profile(" ", true)));
        assertFalse(LinkPolicy.eligible(profile(null, true)));
        assertFalse(LinkPolicy.eligible(null));
    }

    @Test
    void linksASingleVerifiedUnprivilegedUser() {
        assertEquals(new LinkPolicy.Link(USER), LinkPolicy.decide(1, candidate(true, List.of("editor", "viewer"), false)));
    }

    @Test
    void refusesEverythingElse() {
        assertEquals(new LinkPolicy.NoCandidate(), LinkPolicy.decide(0, null));
        assertEquals(new LinkPolicy.Refuse(null, LinkPolicy.AMBIGUOUS), LinkPolicy.decide(2, null));
        assertEquals(new LinkPolicy.Refuse(USER, LinkPolicy.TARGET_UNVERIFIED), LinkPolicy.decide(1, candidate(false, List.of(), false)));
        assertEquals(new LinkPolicy.Refuse(USER, LinkPolicy.TARGET_PRIVILEGED), LinkPolicy.decide(1, candidate(true, List.of("admin"), false)));
        assertEquals(new LinkPolicy.Refuse(USER, LinkPolicy.TARGET_PRIVILEGED), LinkPolicy.decide(1, candidate(true, List.of("viewer", "owner"), false)));
        assertEquals(new LinkPolicy.Refuse(USER, LinkPolicy.SAME_CONNECTION), LinkPolicy.decide(1, candidate(true, List.of(), true)));
    }

    private static LinkPolicy.Candidate candidate(boolean verified, List<String> roles, boolean sameConnection) {
        return new LinkPolicy.Candidate(USER, verified, roles, sameConnection);
    }

    private static SignInEvent.Profile profile(String email, Boolean verified) {
        return new SignInEvent.Profile(email, verified, null, null, null, Map.of());
    }
}
