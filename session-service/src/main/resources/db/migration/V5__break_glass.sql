-- The break-glass local admin of a tenant (one per tenant), for when the tenant's IdP is down.
-- password_hash: argon2id PHC string; the password itself is never stored or returned.
create table break_glass_admin (
    tenant_id        varchar(64)  primary key references tenant (id) on delete cascade,
    username         varchar(64)  not null,
    password_hash    varchar(200) not null,
    enabled          boolean      not null,
    failed_attempts  integer      not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);

-- Every change and every use of a tenant's break-glass admin; kept when the account is disabled.
create table break_glass_audit (
    id           bigserial    primary key,
    tenant_id    varchar(64)  not null references tenant (id) on delete cascade,
    occurred_at  timestamptz  not null,
    action       varchar(32)  not null,
    username     varchar(64),
    reason       varchar(64),
    client_ip    varchar(64)
);
create index break_glass_audit_tenant on break_glass_audit (tenant_id, id desc);
