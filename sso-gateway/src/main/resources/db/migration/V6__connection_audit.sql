-- Who changed a tenant's connections, when and from where (ADR-31): one row per create, update, disconnect, reconnect
-- and delete, written in the change's own transaction. Kept when the connection is deleted.
create table connection_audit (
    id             bigserial     primary key,
    tenant_id      varchar(64)   not null,
    occurred_at    timestamptz   not null,
    actor          varchar(300)  not null,
    action         varchar(32)   not null,
    connection_id  varchar(64)   not null,
    client_ip      varchar(64)
);
create index connection_audit_tenant on connection_audit (tenant_id, id desc);
