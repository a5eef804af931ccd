package io.jitsso.bench;

import io.jitsso.gateway.protocol.saml.ResponseVerifier;
import io.jitsso.gateway.support.ForgingSamlIdp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: verified SAML responses per second on one thread, i.e. the assertion consumer's CPU work:
 * hardened parse + unmarshal + signature profile + RSA-SHA256 XML signature against the pinned key
 * + every check of ResponseVerifier, on a Keycloak-sized response (one assertion, a multi-valued
 * role attribute, profile attributes), signed on the Response or on the Assertion. The replay
 * insert (one PostgreSQL round trip) is not included. Run through bench/saml/run.sh.
 *
 * <p>On a machine shared with other work, JMH's wall-clock score shows how much of a core this
 * thread got, not what a core can do; {@link #main} therefore also counts verifications per second of
 * this thread's own CPU time (ThreadMXBean), which is the per-core figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AcsVerifyBench {

    private static final String SP = "https://sso.example.com/saml/conn-bench/metadata";
    private static final String ACS = "https://sso.example.com/saml/conn-bench/acs";

    @Param({"response", "assertion"})
    public String signed;

    private byte[] xml;
    private ForgingSamlIdp idp;

    @Setup
    public void setUp() {
        idp = ForgingSamlIdp.create("https://idp.example.com/realms/corp");
        boolean onAssertion = "assertion".equals(signed);
        xml = idp.response(SP, ACS, "_request").with(r -> {
            r.signResponse = !onAssertion;
            r.signAssertion = onAssertion;
            r.notOnOrAfter = Instant.now().plusSeconds(24 * 3600);
            r.confirmationNotOnOrAfter = Instant.now().plusSeconds(24 * 3600);
        }).attribute("Role", "corp-admins", "team-web-editors", "default-roles-corp", "offline_access", "uma_authorization")
                .attribute("email", "kay@corp.example").attribute("givenName", "Kay").attribute("surname", "Cloak")
                .xml().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ResponseVerifier.Result verify() {
        ResponseVerifier.Result result = ResponseVerifier.verify(xml, new ResponseVerifier.Expected(idp.entityId(),
                List.of(idp.certificate()), SP, ACS, "_request", false, Instant.now(), null));
        if (!(result instanceof ResponseVerifier.Verified)) {
            throw new IllegalStateException("not verified: " + result);
        }
        return result;
    }

    /** Verifications per wall-clock second and per CPU-second of the measuring thread, after warm-up. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-10s %7s %12s %16s %14s%n", "signed", "bytes", "wall ops/s", "ops/CPU-second", "us CPU/verify");
        for (String on : new String[] {"response", "assertion"}) {
            AcsVerifyBench bench = new AcsVerifyBench();
            bench.signed = on;
            bench.setUp();
            long warmUntil = System.nanoTime() + (long) (seconds / 2 * 1e9);
            while (System.nanoTime() < warmUntil) {
                bench.verify();
            }
            long count = 0;
            long wallStart = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long until = wallStart + (long) (seconds * 1e9);
            while (System.nanoTime() < until) {
                bench.verify();
                count++;
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("%-10s %7d %12.0f %16.0f %14.1f%n", on, bench.xml.length, count / wall, count / cpu,
                    cpu * 1e6 / count);
        }
    }
}
