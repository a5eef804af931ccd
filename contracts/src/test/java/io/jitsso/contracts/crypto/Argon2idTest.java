package io.jitsso.contracts.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Argon2idTest {

    @Test
    void hashVerifiesItsSecretOnly() {
        String hash = Argon2id.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(Argon2id.verify(hash, "correct horse battery staple"));
        assertFalse(Argon2id.verify(hash, "correct horse battery stapl"));
        assertFalse(Argon2id.verify(hash, ""));
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertNotEquals(Argon2id.hash("same"), Argon2id.hash("same"));
    }

    @Test
    void dummyHashIsOneRealHashWithTheCurrentParameters() {
        String dummy = Argon2id.dummyHash();
        assertTrue(dummy.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), dummy);
        assertEquals(dummy, Argon2id.dummyHash());
        assertFalse(Argon2id.verify(dummy, ""));
    }

    @Test
    void malformedOrForeignHashesNeverVerify() {
        assertFalse(Argon2id.verify("$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "x"));
        assertFalse(Argon2id.verify("$2a$10$abcdefghijklmnopqrstuv", "x"));
        assertFalse(Argon2id.verify("plain", "plain"));
    }
}
