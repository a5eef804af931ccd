package io.jitsso.contracts.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncryptorTest {

    private final KeyEncryptor encryptor = new KeyEncryptor(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] secret = "private key bytes".getBytes();
        byte[] sealed = encryptor.encrypt(secret, "tenant|kid");
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("private key bytes"));
        assertArrayEquals(secret, encryptor.decrypt(sealed, "tenant|kid"));
    }

    @Test
    void ciphertextMovedToAnotherRowDoesNotDecrypt() {
        byte[] sealed = encryptor.encrypt("k".getBytes(), "tenant-a|kid1");
        assertThrows(IllegalStateException.class, () -> encryptor.decrypt(sealed, "tenant-b|kid1"));
    }

    @Test
    void tamperedCiphertextOrWrongMasterKeyFails() {
        byte[] sealed = encryptor.encrypt("k".getBytes(), "t|k");
        byte[] tampered = Arrays.copyOf(sealed, sealed.length);
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> encryptor.decrypt(tampered, "t|k"));
        KeyEncryptor other = new KeyEncryptor(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8,
                1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertThrows(IllegalStateException.class, () -> other.decrypt(sealed, "t|k"));
    }

    @Test
    void masterKeyMustBe32Base64Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new KeyEncryptor("not base64 !"));
        assertThrows(IllegalArgumentException.class, () -> new KeyEncryptor(Base64.getEncoder().encodeToString(new byte[16])));
    }
}
