import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * CPU milliseconds of one argon2id hash per parameter set, on one thread, with the BouncyCastle
 * implementation both sides use (the suite's contracts Argon2id and Keycloak's argon2 provider).
 *
 * <pre>java -cp bcprov.jar:classes HashCost 19456:2:1 7168:5:1</pre>
 *
 * Each argument is memory KiB:iterations:parallelism. Prints one line per set:
 * {@code HASHCOST m=.. t=.. p=.. cpu_ms_p50=.. cpu_ms_mean=.. n=..}.
 */
public final class HashCost {

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SecureRandom random = new SecureRandom();
        // JIT warm-up before any set is measured, so the first set does not pay for compilation
        for (int i = 0; i < 20; i++) {
            hash("warm-up", new byte[16], 19456, 2, 1);
        }
        for (String set : args) {
            String[] p = set.split(":");
            int memory = Integer.parseInt(p[0]);
            int iterations = Integer.parseInt(p[1]);
            int parallelism = Integer.parseInt(p[2]);
            int warmup = 5;
            int n = 40;
            double[] ms = new double[n];
            for (int i = 0; i < warmup + n; i++) {
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                long start = threads.getCurrentThreadCpuTime();
                hash("correct horse battery staple", salt, memory, iterations, parallelism);
                long used = threads.getCurrentThreadCpuTime() - start;
                if (i >= warmup) {
                    ms[i - warmup] = used / 1e6;
                }
            }
            double mean = Arrays.stream(ms).average().orElse(Double.NaN);
            Arrays.sort(ms);
            System.out.printf(java.util.Locale.ROOT, "HASHCOST m=%d t=%d p=%d cpu_ms_p50=%.1f cpu_ms_mean=%.1f n=%d%n",
                    memory, iterations, parallelism, ms[n / 2], mean, n);
        }
    }

    private static byte[] hash(String secret, byte[] salt, int memory, int iterations, int parallelism) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
