package io.jitsso.migration.source.otp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitsso.migration.source.CheckResult;
import io.jitsso.migration.source.OneTimeCode;
import io.jitsso.migration.source.SourceHttp;
import io.jitsso.migration.source.SourceProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/** Sends and verifies one-time codes through the source's own code API (it owns delivery by email or SMS). */
public final class OneTimeCodeConnector implements OneTimeCode {

    private final OneTimeCodeSettings settings;
    private final String secret;
    private final SourceHttp http;
    private final ObjectMapper json;

    public OneTimeCodeConnector(OneTimeCodeSettings settings, String secret, SourceHttp http, ObjectMapper json) {
        this.settings = settings;
        this.secret = secret;
        this.http = http;
        this.json = json;
    }

    @Override
    public Uni<SendResult> sendCode(String identifier) {
        String host = URI.create(settings.sendUrl()).getHost();
        return http.exchange(post(settings.sendUrl()), new JsonObject().put("identifier", identifier).toBuffer())
                .map(answer -> {
                    int status = answer.status();
                    if (status >= 500 || status == 429) {
                        return (SendResult) new SendResult.Unavailable(CheckResult.Unavailable.ERROR);
                    }
                    return status >= 200 && status < 300 ? new SendResult.Sent() : new SendResult.Refused();
                })
                .onFailure().recoverWithItem(failure -> new SendResult.Unavailable(SourceHttp.outageReason(host, failure)));
    }

    @Override
    public Uni<CheckResult> verifyCode(String identifier, String code) {
        String host = URI.create(settings.verifyUrl()).getHost();
        return http.call(host, post(settings.verifyUrl()),
                new JsonObject().put("identifier", identifier).put("code", code).toBuffer(), this::interpretVerification);
    }

    private Uni<CheckResult> interpretVerification(SourceHttp.Answer answer) {
        if (answer.status() != 200) {
            return Uni.createFrom().item(new CheckResult.Rejected());
        }
        JsonNode body;
        try {
            body = json.readTree(answer.body());
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

    private RequestOptions post(String url) {
        RequestOptions request = SourceHttp.request(HttpMethod.POST, url).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (settings.secretHeader() != null && secret != null) {
            request.putHeader(settings.secretHeader(), secret);
        }
        return request;
    }
}
