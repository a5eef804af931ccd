package io.jitsso.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC A7: when MFA is required, which federated sign-ins pass, and which error the others get. */
class MfaPolicyTest {

    private static final List<String> MFA = List.of("pwd", "mfa");
    private static final List<String> PASSWORD = List.of("pwd");

    @Test
    void notRequiredLetsEverySignInThrough() {
        MfaPolicy policy = new MfaPolicy(false, false, false);
        assertTrue(policy.check(PASSWORD, false).isEmpty());
        assertTrue(policy.check(List.of(), true).isEmpty());
    }

    @Test
    void aTrustedUpstreamMfaMeetsTheRequirement() {
        MfaPolicy policy = new MfaPolicy(true, true, false);
        assertTrue(policy.check(MFA, false).isEmpty());
        assertTrue(policy.check(MFA, true).isEmpty());
    }

    @Test
    void withJitOffAnUnmetRequirementNeedsALocalAccount() {
        assertEquals(MfaPolicy.LOCAL_ACCOUNT_REQUIRED, new MfaPolicy(true, true, false).check(PASSWORD, false).orElseThrow().error());
        assertEquals(MfaPolicy.LOCAL_ACCOUNT_REQUIRED, new MfaPolicy(true, false, false).check(MFA, false).orElseThrow().error(),
                "an upstream amr the connection does not trust counts for nothing");
        assertTrue(new MfaPolicy(true, true, false).check(PASSWORD, false).orElseThrow().reason().contains("JIT off"));
    }

    @Test
    void withJitOnAnUnmetRequirementIsNotPerformed() {
        assertEquals(MfaPolicy.NOT_PERFORMED, new MfaPolicy(true, true, false).check(PASSWORD, true).orElseThrow().error());
        assertEquals(MfaPolicy.NOT_PERFORMED, new MfaPolicy(true, false, false).check(MFA, true).orElseThrow().error());
    }

    @Test
    void theSkipRuleLetsFederatedSignInsThrough() {
        MfaPolicy policy = new MfaPolicy(true, false, true);
        assertTrue(policy.check(PASSWORD, false).isEmpty());
        assertTrue(policy.check(List.of(), true).isEmpty());
    }
}
