import io.jitsso.session.crypto.Jws;
import io.jitsso.session.crypto.JwsAlgorithm;
import io.jitsso.session.crypto.SigningMaterial;
import java.nio.charset.StandardCharsets;

/**
 * Single-threaded sign and verify rates of the suite's own JWS code (session-service's crypto
 * package) for each supported algorithm, with a typical ID-token payload. Decides the default
 * signing algorithm (docs/architecture.md, ADR-2). Run through bench/signing/run.sh.
 */
public class SigningBench {

    private static final byte[] PAYLOAD = ("{\"iss\":\"https://sso.example.com/t/acme\",\"sub\":\"3f1c2e9a-5b7d-4e8f-9a0b-1c2d3e4f5a6b\","
            + "\"aud\":\"web\",\"azp\":\"web\",\"iat\":1795360000,\"exp\":1795360300,\"auth_time\":1795359000,"
            + "\"amr\":[\"fed\",\"mfa\"],\"sid\":\"de00aa7e-38fe-4054-9617-1edda5ded55b\",\"email\":\"alice@example.com\","
            + "\"roles\":[\"admin\",\"viewer\"]}").getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        System.out.printf("%-6s %14s %14s%n", "alg", "sign/s", "verify/s");
        for (JwsAlgorithm algorithm : JwsAlgorithm.values()) {
            SigningMaterial key = SigningMaterial.generate(algorithm, "bench");
            String token = Jws.sign(key, "JWT", PAYLOAD);
            Jws.Parsed parsed = Jws.parse(token);
            measure(() -> Jws.sign(key, "JWT", PAYLOAD), 1.0);                       // warm-up
            measure(() -> key.verify(parsed.signingInput(), parsed.signature()), 1.0);
            double sign = measure(() -> Jws.sign(key, "JWT", PAYLOAD), seconds);
            double verify = measure(() -> key.verify(parsed.signingInput(), parsed.signature()), seconds);
            System.out.printf("%-6s %14.0f %14.0f%n", algorithm, sign, verify);
        }
    }

    private static double measure(Runnable operation, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 50; i++) {
                operation.run();
            }
            count += 50;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
