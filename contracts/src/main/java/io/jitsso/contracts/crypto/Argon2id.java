package io.jitsso.contracts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * argon2id password hashing in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). Defaults follow OWASP's minimum (19 MiB,
 * 2 iterations, 1 lane): ~25 ms per hash on the reference machine. CPU-bound: never call it on an
 * event-loop thread.
 */
public final class Argon2id {

    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    /**
     * Made on first use, not by the class initializer: a native image runs class initializers at build
     * time (docs/architecture.md ADR-17), so a static initializer would bake one hash into every image,
     * and its use of {@link Secrets} (initialized at run time) would fail the build. Two threads racing
     * on the first use each make a valid hash; either is kept.
     */
    private static volatile String dummyHash;

    private Argon2id() {
    }

    /**
     * The hash of a random secret nobody knows, with the current parameters: what a refusal verifies
     * against when there is no real hash to check (unknown user, no local password), so that it costs
     * what a wrong password costs. The first call hashes (~25 ms): call it where {@link #verify} runs.
     */
    public static String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = hash(Secrets.random(32));
            dummyHash = hash;
        }
        return hash;
    }

    public static String hash(String secret) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        byte[] hash = derive(secret, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code secret} matches the encoded hash; false for a mismatch or a malformed hash. */
    public static boolean verify(String encoded, String secret) {
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int parallelism = 0;
        for (String parameter : parts[3].split(",")) {
            String[] kv = parameter.split("=", 2);
            if (kv.length != 2) {
                return false;
            }
            int value = Integer.parseInt(kv[1]);
            switch (kv[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> parallelism = value;
                default -> {
                    return false;
                }
            }
        }
        byte[] salt = B64_DECODER.decode(parts[4]);
        byte[] expected = B64_DECODER.decode(parts[5]);
        byte[] actual = derive(secret, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String secret, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
