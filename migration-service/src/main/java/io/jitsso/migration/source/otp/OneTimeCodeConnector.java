package io.jitsso.migration.source.otp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.OneTimeCode;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;

/** Sends and verifies one-time codes through the source's own code API (it owns delivery by email or SMS). */
public final class OneTimeCodeConnector implements OneTimeCode {

    private final OneTimeCodeSettings settings;
    private final String secret;
    private final WebClient http;
    private final Duration timeout;
    private final ObjectMapper json;

    public OneTimeCodeConnector(OneTimeCodeSettings settings, String secret, WebClient http, Duration timeout,
            ObjectMapper json) {
        this.settings = settings;
        this.secret = secret;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public Uni<SendResult> sendCode(String identifier) {
        return post(settings.sendUrl(), new JsonObject().put("identifier", identifier))
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 500 || status == 429) {
                        return (SendResult) new SendResult.Unavailable(CheckResult.Unavailable.ERROR);
                    }
                    return status >= 200 && status < 300 ? new SendResult.Sent() : new SendResult.Refused();
                })
                .onFailure().recoverWithItem(new SendResult.Unavailable(CheckResult.Unavailable.UNREACHABLE));
    }

    @Override
    public Uni<CheckResult> verifyCode(String identifier, String code) {
        String host = URI.create(settings.verifyUrl()).getHost();
        return SourceHttp.call(host, timeout, post(settings.verifyUrl(), new JsonObject().put("identifier", identifier).put("code", code)),
                this::interpretVerification);
    }

    private Uni<CheckResult> interpretVerification(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            return Uni.createFrom().item(new CheckResult.Rejected());
        }
        JsonNode body;
        try {
            body = json.readTree(response.body() == null ? new byte[0] : response.body().getBytes());
        } catch (java.io.IOException e) {
            body = null;
        }
        if (body instanceof ObjectNode fields) {
            String subject = new SourceProfile(null, fields).field(settings.subjectField());
            if (subject != null && !subject.isBlank()) {
                return Uni.createFrom().item(new CheckResult.Verified(new SourceProfile(subject, fields)));
            }
        }
        return Uni.createFrom().item(new CheckResult.Unavailable(CheckResult.Unavailable.MISCONFIGURED));
    }

    private Uni<HttpResponse<Buffer>> post(String url, JsonObject body) {
        HttpRequest<Buffer> request = SourceHttp.withDeadline(http.postAbs(url), timeout).putHeader("Accept", "application/json");
        if (settings.secretHeader() != null && secret != null) {
            request.putHeader(settings.secretHeader(), secret);
        }
        return request.sendJsonObject(body);
    }
}
