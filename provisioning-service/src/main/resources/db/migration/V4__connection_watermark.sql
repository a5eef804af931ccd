-- The last disconnect of each connection (SPEC A9). A sign-in event that the gateway read at an earlier
-- connection version (before the disconnect, or on a replica whose cache still held the connection) can be
-- consumed after the disconnect event: it is audited as stale and grants nothing.
create table connection_watermark (
    tenant_id             varchar(63)  not null,
    connection_id         varchar(64)  not null,
    disconnected_version  bigint       not null,
    disconnected_at       timestamptz  not null,
    primary key (tenant_id, connection_id)
);
