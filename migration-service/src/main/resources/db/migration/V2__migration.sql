-- legacy sources a tenant migrates from (SPEC B1); secrets AES-256-GCM encrypted, bound to (tenant, id)
create table source (
    tenant_id          varchar(63)   not null,
    id                 varchar(40)   not null,
    type               varchar(40)   not null,
    name               varchar(200)  not null,
    settings           jsonb         not null,
    attribute_mapping  jsonb         not null,
    secret_ciphertext  bytea,
    status             varchar(20)   not null default 'active',
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null,
    retired_at         timestamptz,
    primary key (tenant_id, id),
    constraint source_status check (status in ('active', 'retired'))
);

-- per-tenant custom attributes (SPEC B3)
create table user_schema (
    tenant_id   varchar(63)  primary key,
    attributes  jsonb        not null,
    updated_at  timestamptz  not null
);

-- a user moved off a source: from now on verified here (argon2id), never at the source again
create table migrated_user (
    tenant_id       varchar(63)   not null,
    id              uuid          not null,
    source_id       varchar(40)   not null,
    source_subject  varchar(255)  not null,
    password_hash   varchar(200),
    profile         jsonb         not null,
    migrated_at     timestamptz   not null,
    primary key (tenant_id, id),
    -- one local user per source account, however many first sign-ins race
    unique (tenant_id, source_id, source_subject)
);

-- the identifiers (user name, email) a migrated user signs in with, normalized
create table user_identifier (
    tenant_id   varchar(63)   not null,
    identifier  varchar(320)  not null,
    user_id     uuid          not null,
    primary key (tenant_id, identifier),
    foreign key (tenant_id, user_id) references migrated_user (tenant_id, id)
);

-- failed attempts per identifier (a SHA-256 digest: unknown identifiers are not stored in clear) and lockout
create table identifier_failure (
    tenant_id          varchar(63)  not null,
    identifier_digest  bytea        not null,
    failures           int          not null,
    window_started_at  timestamptz  not null,
    locked_until       timestamptz,
    primary key (tenant_id, identifier_digest)
);

-- failures by source and reason, for the progress API (SPEC B5)
create table migration_failure (
    tenant_id        varchar(63)  not null,
    source_id        varchar(40)  not null,
    reason           varchar(40)  not null,
    failures         bigint       not null,
    last_failure_at  timestamptz  not null,
    primary key (tenant_id, source_id, reason)
);
