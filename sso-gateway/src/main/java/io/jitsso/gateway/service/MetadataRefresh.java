package io.jitsso.gateway.service;

import io.jitsso.contracts.error.ApiException;
import io.jitsso.gateway.client.MetadataClient;
import io.jitsso.gateway.persistence.ConnectionRecord;
import io.jitsso.gateway.persistence.ConnectionStore;
import io.jitsso.gateway.persistence.SamlSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Periodic re-fetch of the IdP metadata of SAML connections configured by metadata URL, so an IdP's
 * key rotation (new certificate published next to the old one, then the old one removed) reaches
 * the gateway without an admin. The new certificates and SSO URL replace the pinned ones only when
 * the document passes the same validation as on save and still names the connection's entity id;
 * a failed fetch or an invalid document keeps the current settings, is logged at WARN and counted
 * ({@code jitsso.gateway.saml.metadata.refresh{outcome=failed}}).
 */
@ApplicationScoped
public class MetadataRefresh {

    private static final Logger LOG = Logger.getLogger(MetadataRefresh.class);

    /** What a refresh did to one connection. */
    public enum Outcome { UPDATED, UNCHANGED, FAILED }

    /** One connection's refresh; {@code reason} says why it failed (null otherwise). */
    public record Result(String connectionId, Outcome outcome, String reason) {
    }

    private final ConnectionStore store;
    private final MetadataClient metadata;
    private final ConnectionDirectory directory;
    private final MeterRegistry metrics;

    MetadataRefresh(ConnectionStore store, MetadataClient metadata, ConnectionDirectory directory, MeterRegistry metrics) {
        this.store = store;
        this.metadata = metadata;
        this.directory = directory;
        this.metrics = metrics;
    }

    @Scheduled(every = "${jitsso.saml.metadata-refresh-interval}", delayed = "${jitsso.saml.metadata-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refreshAll().onFailure().invoke(e -> LOG.warnf("SAML metadata refresh could not list connections: %s",
                e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Refreshes every active SAML connection with a metadata URL, one after the other. */
    public Uni<List<Result>> refreshAll() {
        return store.listWithMetadataUrl()
                .onItem().transformToMulti(records -> Multi.createFrom().iterable(records))
                .onItem().transformToUniAndConcatenate(this::refresh)
                .collect().in(ArrayList::new, List::add);
    }

    /** Fetches, validates and, when the IdP changed, stores one connection's metadata; never fails. */
    public Uni<Result> refresh(ConnectionRecord record) {
        SamlSettings current = record.settings().saml();
        return metadata.fetch(current.metadataUrl())
                .map(xml -> validated(current, xml))
                .chain(fresh -> store(record, current, fresh))
                .onFailure().recoverWithItem(e -> new Result(record.id(), Outcome.FAILED, reason(e)))
                .invoke(result -> report(record, result));
    }

    /** The refreshed settings, validated like a save; an {@link IllegalArgumentException} says why not. */
    private static SamlSettings validated(SamlSettings current, String xml) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        SamlSettings parsed = SamlSettingsValidator.validate(new ConnectionDraft.SamlDraft(xml, current.metadataUrl(), null,
                null, null, current.rolesAttribute(), current.nameIdFormat(), current.signAuthnRequests(),
                current.allowIdpInitiated(), current.clockSkewSeconds(), current.metadataSigningCertificate()), errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.get(0).field() + ": " + errors.get(0).message());
        }
        if (!current.idpEntityId().equals(parsed.idpEntityId())) {
            throw new IllegalArgumentException("the metadata now names another entity id");
        }
        return current.withIdp(parsed.ssoUrl(), parsed.idpCertificates());
    }

    private Uni<Result> store(ConnectionRecord record, SamlSettings current, SamlSettings fresh) {
        if (fresh.equals(current)) {
            return Uni.createFrom().item(new Result(record.id(), Outcome.UNCHANGED, null));
        }
        return store.updateSaml(record.tenantId(), record.id(), fresh, record.version(), Instant.now())
                .map(updated -> {
                    if (updated.isEmpty()) {
                        return new Result(record.id(), Outcome.FAILED, "the connection changed meanwhile; next time");
                    }
                    directory.invalidate(record.id());
                    return new Result(record.id(), Outcome.UPDATED, null);
                });
    }

    private void report(ConnectionRecord record, Result result) {
        metrics.counter("jitsso.gateway.saml.metadata.refresh", "outcome", result.outcome().name().toLowerCase()).increment();
        if (result.outcome() == Outcome.FAILED) {
            LOG.warnf("SAML metadata of connection %s (tenant %s) not refreshed, current keys kept: %s", record.id(),
                    record.tenantId(), result.reason());
        } else if (result.outcome() == Outcome.UPDATED) {
            LOG.infof("SAML metadata of connection %s (tenant %s) refreshed: new SSO URL or signing certificates", record.id(),
                    record.tenantId());
        }
    }

    private static String reason(Throwable e) {
        String message = e instanceof IllegalArgumentException ? e.getMessage() : e.getClass().getSimpleName();
        return message == null ? e.getClass().getSimpleName() : message.length() > 300 ? message.substring(0, 300) : message;
    }
}
