package io.jitsso.migration.api;

import io.jitsso.migration.persistence.ProgressStore;
import io.jitsso.migration.service.SourceService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Migration progress of a tenant (SPEC B5): per source, users migrated, failures by reason and the
 * time of the last migration. A source whose last migration lies far back has little left to move
 * and can be retired.
 */
@Path("/admin/v1/tenants/{tenant}/migration-progress")
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

    public record SourceProgress(String sourceId, String name, String type, String status, long migratedUsers,
            Instant lastMigratedAt, Map<String, Long> failures, Instant retiredAt) {
    }

    public record Progress(String tenantId, long migratedUsers, List<SourceProgress> sources) {
    }

    private final SourceService sources;
    private final ProgressStore progress;

    ProgressResource(SourceService sources, ProgressStore progress) {
        this.sources = sources;
        this.progress = progress;
    }

    @GET
    public Uni<Progress> get(@PathParam("tenant") String tenant) {
        String tenantId = Patterns.tenant(tenant);
        return Uni.combine().all().unis(sources.list(tenantId), progress.migrated(tenantId), progress.failures(tenantId))
                .with((all, migrated, failures) -> {
                    List<SourceProgress> rows = all.stream().map(source -> {
                        ProgressStore.Migrated counts = migrated.get(source.id());
                        return new SourceProgress(source.id(), source.name(), source.type(), source.status(),
                                counts == null ? 0 : counts.users(), counts == null ? null : counts.lastMigratedAt(),
                                failures.getOrDefault(source.id(), Map.of()), source.retiredAt());
                    }).toList();
                    return new Progress(tenantId, rows.stream().mapToLong(SourceProgress::migratedUsers).sum(), rows);
                });
    }
}

