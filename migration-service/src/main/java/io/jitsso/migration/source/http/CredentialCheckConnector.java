package io.jitsso.migration.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.PasswordCheck;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Checks a password with a home-grown legacy API: the configured request, then the success criteria
 * (status, and optionally a JSON pointer's value) decide. Any other non-5xx answer is a wrong
 * credential; 5xx, 429, redirects, timeouts and unreachable hosts are outages.
 */
public final class CredentialCheckConnector implements PasswordCheck {

    private static final Logger LOG = Logger.getLogger(CredentialCheckConnector.class);

    private final CredentialCheckSettings settings;
    private final String secret;
    private final SourceHttp http;
    private final ObjectMapper json;
    private final String host;

    public CredentialCheckConnector(CredentialCheckSettings settings, String secret, SourceHttp http, ObjectMapper json) {
        this.settings = settings;
        this.secret = secret;
        this.http = http;
        this.json = json;
        this.host = URI.create(settings.url()).getHost();
    }

    @Override
    public Uni<CheckResult> checkPassword(String identifier, String password) {
        RequestOptions request = SourceHttp.request(HttpMethod.valueOf(settings.method()), settings.url())
                .putHeader(HttpHeaders.CONTENT_TYPE, settings.body().contentType());
        for (Map.Entry<String, String> header : settings.headers().entrySet()) {
            request.putHeader(header.getKey(), header.getValue());
        }
        if (settings.secretHeader() != null && secret != null) {
            request.putHeader(settings.secretHeader(), secret);
        }
        return http.call(host, request, Buffer.buffer(settings.body().render(identifier, password)), this::interpret);
    }

    private Uni<CheckResult> interpret(SourceHttp.Answer answer) {
        if (answer.status() >= 300 && answer.status() < 400) {
            LOG.warnf("credential check at %s answered a redirect (HTTP %d)", host, answer.status());
            return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
        }
        if (!settings.successStatuses().contains(answer.status())) {
            return Uni.createFrom().item(new CheckResult.Rejected());
        }
        JsonNode body = parse(answer);
        if (settings.successPointer() != null) {
            JsonNode flag = body == null ? null : body.at(settings.successPointer());
            if (flag == null || flag.isMissingNode() || !settings.successValue().equals(flag.asText())) {
                return Uni.createFrom().item(new CheckResult.Rejected());
            }
        }
        JsonNode profile = body == null ? null : body.at(settings.profilePointer());
        if (!(profile instanceof ObjectNode fields)) {
            LOG.warnf("credential check at %s accepted but returned no profile object", host);
            return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
        }
        String subject = new SourceProfile(null, fields).field(settings.subjectField());
        if (subject == null || subject.isBlank()) {
            LOG.warnf("credential check at %s accepted but the profile has no %s", host, settings.subjectField());
            return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
        }
        return Uni.createFrom().item(new CheckResult.Verified(new SourceProfile(subject, fields)));
    }

    private JsonNode parse(SourceHttp.Answer answer) {
        try {
            return answer.body().length == 0 ? null : json.readTree(answer.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
