-- users, their upstream identities, roles with provenance, the audit log (SPEC A6, A9, A10, D3)
-- profile values are bounded like the gateway bounds claim values (1024 characters)

create table app_user (
    id              uuid          primary key,
    tenant_id       varchar(63)   not null,
    email           varchar(1024),
    email_verified  boolean       not null default false,
    given_name      varchar(1024),
    family_name     varchar(1024),
    display_name    varchar(1024),
    -- custom attributes of the tenant's user schema, string values
    custom          jsonb         not null default '{}',
    -- increases with every change of the user; published as user_version
    version         bigint        not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);
-- account linking looks users up by email, case-insensitively, within a tenant
create index app_user_tenant_email on app_user (tenant_id, lower(email));
-- admin listing pages through a tenant's users by id
create index app_user_tenant_id on app_user (tenant_id, id);

-- one upstream account (connection + subject) belongs to exactly one user; the key makes concurrent
-- first sign-ins of the same account create one user
create table user_identity (
    tenant_id         varchar(63)   not null,
    connection_id     varchar(64)   not null,
    upstream_subject  varchar(255)  not null,
    user_id           uuid          not null references app_user (id) on delete cascade,
    -- the last sign-in version applied: older or equal deliveries are stale or duplicate
    account_version   bigint        not null,
    -- attached to an existing user by account linking (SPEC A10) rather than creating one
    linked            boolean       not null default false,
    created_at        timestamptz   not null,
    primary key (tenant_id, connection_id, upstream_subject)
);
create index user_identity_user on user_identity (user_id);

-- roles with provenance: connection:<id> (granted by that connection's sign-ins), system (viewer left
-- after a disconnect), local (granted by an admin)
create table user_role (
    user_id     uuid          not null references app_user (id) on delete cascade,
    tenant_id   varchar(63)   not null,
    role        varchar(64)   not null,
    source      varchar(80)   not null,
    granted_at  timestamptz   not null,
    primary key (user_id, role, source)
);

create table audit_log (
    id             bigserial     primary key,
    tenant_id      varchar(63)   not null,
    occurred_at    timestamptz   not null,
    actor          varchar(400)  not null,
    action         varchar(64)   not null,
    user_id        uuid,
    connection_id  varchar(64),
    details        jsonb         not null default '{}'
);
create index audit_log_tenant on audit_log (tenant_id, id);
create index audit_log_tenant_user on audit_log (tenant_id, user_id, id);

-- event ids already applied: makes redelivered events no-ops; rows older than the topics'
-- retention are deleted by the service
create table processed_event (
    event_id      varchar(100)  primary key,
    processed_at  timestamptz   not null default now()
);
create index processed_event_age on processed_event (processed_at);
