package io.jitsso.gateway.api;

import io.jitsso.gateway.service.AdminActor;
import io.jitsso.gateway.service.ConnectionDraft;
import io.jitsso.gateway.service.ConnectionService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for a tenant's upstream connections (SPEC A1-A4, A8, A9); every change is audited (ADR-31). */
@Path("/admin/v1/tenants/{tenant}/connections")
@Tag(name = "Connections")
public class ConnectionAdminResource {

    private final ConnectionService connections;

    ConnectionAdminResource(ConnectionService connections) {
        this.connections = connections;
    }

    @POST
    @Operation(summary = "Create an OIDC or SAML connection; the answer carries its login URL, once")
    public Uni<Response> create(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            ConnectionDraft draft, RoutingContext routing) {
        return connections.create(tenant, draft, actor(routing))
                .map(saved -> Response.status(201).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                        .entity(view(saved.connection(), saved.loginUrl(), null)).build());
    }

    @GET
    @Operation(summary = "List the tenant's connections")
    public Uni<List<ConnectionView>> list(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant) {
        return connections.list(tenant).map(all -> all.stream().map(record -> view(record, null, null)).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a connection (never its client secret)")
    public Uni<ConnectionView> get(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") @Pattern(regexp = Patterns.CONNECTION_ID) String id) {
        return connections.get(tenant, id).map(record -> view(record, null, null));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a connection's settings; omit client_secret to keep the stored one")
    public Uni<ConnectionView> update(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") @Pattern(regexp = Patterns.CONNECTION_ID) String id, ConnectionDraft draft,
            RoutingContext routing) {
        return connections.update(tenant, id, draft, actor(routing)).map(record -> view(record, null, null));
    }

    @POST
    @Path("/{id}/disconnect")
    @Operation(summary = "Disconnect: the login URL dies, the connection's sessions are revoked, its users are downgraded")
    public Uni<ConnectionView> disconnect(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") @Pattern(regexp = Patterns.CONNECTION_ID) String id, RoutingContext routing) {
        return connections.disconnect(tenant, id, actor(routing))
                .map(disconnected -> view(disconnected.connection(), null, disconnected.revokedSessions()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete: everything disconnect does, then the connection and its accounts are removed (the audit log stays)")
    public Uni<Response> delete(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") @Pattern(regexp = Patterns.CONNECTION_ID) String id, RoutingContext routing) {
        return connections.delete(tenant, id, actor(routing)).map(deleted -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/reconnect")
    @Operation(summary = "Reconnect (or rotate the login URL): a new login URL, shown once; the old one stays dead")
    public Uni<Response> reconnect(@PathParam("tenant") @Pattern(regexp = Patterns.TENANT_ID) String tenant,
            @PathParam("id") @Pattern(regexp = Patterns.CONNECTION_ID) String id, RoutingContext routing) {
        return connections.reconnect(tenant, id, actor(routing))
                .map(saved -> Response.ok(view(saved.connection(), saved.loginUrl(), null)).type(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store").build());
    }

    /** Who is making this change: the access filter admitted them (ADR-31). */
    static AdminActor actor(RoutingContext routing) {
        AdminActor actor = routing.get(AccessFilter.ACTOR);
        if (actor == null) {
            throw new IllegalStateException("an admin request without its actor: the access filter did not run");
        }
        return actor;
    }

    private ConnectionView view(io.jitsso.gateway.persistence.ConnectionRecord record, String loginUrl, Integer revoked) {
        return ConnectionView.of(record, connections.upstreamRedirectUri(record.id()), connections.samlEndpoints(record.id()),
                loginUrl, revoked);
    }
}
