package io.jitsso.migration.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jitsso.contracts.error.ApiException.FieldError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract every password-checking source connector must pass, against a real or stand-in
 * source: the right password is {@code Verified} with a subject and the source's profile fields; a
 * wrong password and an unknown user are both {@code Rejected}; an unreachable source is
 * {@code Unavailable}, never {@code Rejected} (an outage must not count as the user's failure), and
 * its settings validate as stored. Each connector's test class supplies the source.
 */
public abstract class PasswordCheckContract {

    protected static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    protected static Vertx vertx;
    protected static HttpClient http;

    @BeforeAll
    static void startClient() {
        vertx = Vertx.vertx();
        http = vertx.createHttpClient();
    }

    @AfterAll
    static void stopClient() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** Connectors whose calls to the source have {@code deadline}. */
    protected static SourceConnectors connectors(Duration deadline) {
        return new SourceConnectors(new SourceHttp(vertx, http, deadline), JSON);
    }

    protected abstract SourceType type();

    /** Settings pointing at the running source. */
    protected abstract JsonNode settings() throws Exception;

    /** Settings pointing at a port where nothing listens. */
    protected abstract JsonNode unreachableSettings() throws Exception;

    protected abstract String secret() throws Exception;

    /** A user the source knows, and their password. */
    protected abstract String[] knownUser() throws Exception;

    /** The profile field the source is expected to return for the known user, and its value. */
    protected abstract String[] expectedField() throws Exception;

    private CheckResult check(JsonNode settings, String identifier, String password) throws Exception {
        return connectors(Duration.ofSeconds(10)).passwordCheck(type(), settings, secret()).checkPassword(identifier, password)
                .await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void settingsValidate() throws Exception {
        List<FieldError> errors = connectors(Duration.ofSeconds(1)).validate(type(), settings());
        assertEquals(List.of(), errors);
    }

    @Test
    void rightPasswordIsVerifiedWithSubjectAndProfile() throws Exception {
        String[] user = knownUser();
        CheckResult result = check(settings(), user[0], user[1]);
        CheckResult.Verified verified = assertInstanceOf(CheckResult.Verified.class, result);
        assertNotNull(verified.profile().subject());
        assertFalse(verified.profile().subject().isBlank());
        String[] field = expectedField();
        assertEquals(field[1], verified.profile().field(field[0]));
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        String[] user = knownUser();
        assertInstanceOf(CheckResult.Rejected.class, check(settings(), user[0], user[1] + "-wrong"));
    }

    @Test
    void unknownUserIsRejected() throws Exception {
        assertInstanceOf(CheckResult.Rejected.class, check(settings(), "nobody-" + System.nanoTime(), "whatever-password"));
    }

    @Test
    void unreachableSourceIsUnavailableNotRejected() throws Exception {
        String[] user = knownUser();
        CheckResult result = check(unreachableSettings(), user[0], user[1]);
        assertEquals(new CheckResult.Unavailable(CheckResult.Unavailable.UNREACHABLE), result);
    }
}
