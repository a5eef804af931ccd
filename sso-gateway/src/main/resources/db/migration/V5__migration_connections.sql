-- Connections whose sign-ins end in migration (a redirect source of migration-service claimed them)
-- instead of federation. A claim is permanent while the connection exists: a retired source stops the
-- connection with a clear error, never turns it into a federation connection.
create table migration_connection (
    connection_id varchar(64) primary key references connection (id) on delete cascade,
    tenant_id     varchar(64) not null,
    claimed_at    timestamptz not null
);
