package io.jitsso.provisioning.messaging;

import static io.jitsso.provisioning.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jitsso.contracts.events.SignInEvent;
import io.jitsso.provisioning.Fixtures;
import io.jitsso.provisioning.PostgresWireLog;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What applying sign-ins costs the database, counted on the wire ({@link PostgresWireLog}): statements
 * and commits of the transactions that apply events (those that record event ids), for one event at a
 * time and for bursts. Written to {@code target/statement-counts.txt}.
 */
@QuarkusTest
class StatementCountTest {

    private static final int BURST = 40;

    /** Statements (without BEGIN and COMMIT) and commits of the transactions that applied events. */
    record Cost(int events, int commits, int statements, List<String> sql) {

        String line(String scenario) {
            String summary = String.format(Locale.ROOT,
                    "%-34s events %3d  commits %3d  statements %4d  per event: %.2f commits, %.2f statements",
                    scenario, events, commits, statements, (double) commits / events, (double) statements / events);
            if (events > 1) {
                return summary;
            }
            StringBuilder listing = new StringBuilder(summary);
            sql.forEach(statement -> listing.append("\n    ").append(statement, 0, Math.min(statement.length(), 110)));
            return listing.toString();
        }
    }

    @Test
    void countsStatementsAndCommitsPerEvent() throws IOException {
        String tenant = Fixtures.newTenant();
        List<String> report = new ArrayList<>();

        report.add(measure(1, i -> Fixtures.publish(Fixtures.succeeded(tenant, "okta", "single", 1, List.of("viewer"),
                profile("single@example.com", true))), () -> Fixtures.awaitAccountVersion(tenant, "okta", "single", 1))
                .line("first sign-in, alone"));
        report.add(measure(1, i -> Fixtures.publish(Fixtures.succeeded(tenant, "okta", "single", 2, List.of("viewer"),
                profile("single@example.com", true))), () -> Fixtures.awaitAccountVersion(tenant, "okta", "single", 2))
                .line("returning, unchanged, alone"));
        report.add(measure(1, i -> Fixtures.publish(Fixtures.succeeded(tenant, "okta", "single", 3, List.of("editor"),
                profile("single@example.com", true))), () -> Fixtures.awaitAccountVersion(tenant, "okta", "single", 3))
                .line("returning, roles changed, alone"));

        Cost first = measureBurst(version -> IntStream.range(0, BURST).mapToObj(i -> Fixtures.succeeded(tenant, "okta",
                "burst-" + i, version, List.of("viewer"), profile("burst-" + i + "@example.com", true))).toList(), 1,
                () -> awaitAll(tenant, 1));
        report.add(first.line("first sign-ins, burst"));
        Cost returning = measureBurst(version -> IntStream.range(0, BURST).mapToObj(i -> Fixtures.succeeded(tenant, "okta",
                "burst-" + i, version, List.of("viewer"), profile("burst-" + i + "@example.com", true))).toList(), 2,
                () -> awaitAll(tenant, 2));
        report.add(returning.line("returning, unchanged, burst"));

        Files.write(Path.of("target/statement-counts.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        report.forEach(System.out::println);
        assertTrue(first.commits() > 0 && returning.commits() > 0, "the transactions were seen on the wire");
        assertTrue(first.commits() <= BURST / 4 && returning.commits() <= BURST / 4,
                "a burst shares its commits: " + first.commits() + " and " + returning.commits() + " for " + BURST);
        // two of them order the batch against a disconnect of its connections (ConnectionWatermarks)
        assertTrue(first.statements() <= 10 * first.commits() && returning.statements() <= 8 * returning.commits(),
                "a few statements per transaction, whatever its size");
    }

    private static void awaitAll(String tenant, long version) {
        for (int i = 0; i < BURST; i++) {
            Fixtures.awaitAccountVersion(tenant, "okta", "burst-" + i, version);
        }
    }

    private static Cost measureBurst(IntFunction<List<SignInEvent>> events, int version, Runnable awaitApplied) {
        PostgresWireLog log = PostgresWireLog.shared();
        long mark = log.mark();
        Fixtures.publishAll(events.apply(version));
        awaitApplied.run();
        return cost(BURST, log.since(mark));
    }

    private static Cost measure(int events, IntConsumer publish, Runnable awaitApplied) {
        PostgresWireLog log = PostgresWireLog.shared();
        long mark = log.mark();
        for (int i = 0; i < events; i++) {
            publish.accept(i);
        }
        awaitApplied.run();
        return cost(events, log.since(mark));
    }

    /** Groups statements into transactions per connection; counts those that recorded event ids. */
    static Cost cost(int events, List<PostgresWireLog.Statement> statements) {
        Map<Integer, List<String>> open = new HashMap<>();
        int commits = 0;
        List<String> counted = new ArrayList<>();
        for (PostgresWireLog.Statement statement : statements) {
            String sql = statement.sql().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (sql.equals("begin")) {
                open.put(statement.connection(), new ArrayList<>());
            } else if (sql.equals("commit") || sql.equals("rollback")) {
                List<String> transaction = open.remove(statement.connection());
                if (transaction != null && sql.equals("commit") && appliesEvents(transaction)) {
                    commits++;
                    counted.addAll(transaction);
                }
            } else if (open.containsKey(statement.connection())) {
                open.get(statement.connection()).add(sql);
            }
        }
        return new Cost(events, commits, counted.size(), counted);
    }

    private static boolean appliesEvents(List<String> transaction) {
        return transaction.stream().anyMatch(sql -> sql.contains("insert into processed_event"));
    }
}
