-- session-service owns tenants' token-signing state, app registrations and IdP sessions.

create table tenant (
    id          varchar(64)  primary key,
    name        varchar(200) not null,
    created_at  timestamptz  not null
);

create table app (
    id                 uuid         primary key,
    tenant_id          varchar(64)  not null references tenant (id) on delete cascade,
    client_id          varchar(64)  not null,
    name               varchar(200) not null,
    secret_hash        varchar(200) not null,
    signing_alg        varchar(8)   not null,
    created_at         timestamptz  not null,
    secret_rotated_at  timestamptz  not null,
    constraint app_client_unique unique (tenant_id, client_id)
);

-- private_key is AES-256-GCM ciphertext (master key from config, associated data tenant|kid)
create table signing_key (
    kid            varchar(64)  primary key,
    tenant_id      varchar(64)  not null references tenant (id) on delete cascade,
    alg            varchar(8)   not null,
    public_jwk     text         not null,
    private_key    bytea        not null,
    state          varchar(10)  not null check (state in ('ACTIVE', 'RETIRED')),
    created_at     timestamptz  not null,
    retired_at     timestamptz,
    publish_until  timestamptz
);
create index signing_key_tenant on signing_key (tenant_id);

-- secret_hash: SHA-256 of the 256-bit bearer session id; the id itself is never stored.
-- id: the public handle used by admin APIs and events.
create table idp_session (
    id                uuid          primary key,
    tenant_id         varchar(64)   not null references tenant (id) on delete cascade,
    secret_hash       bytea         not null,
    subject           varchar(255)  not null,
    connection_id     varchar(64),
    amr               text[]        not null,
    claims            jsonb         not null,
    version           bigint        not null,
    created_at        timestamptz   not null,
    authenticated_at  timestamptz   not null,
    last_used_at      timestamptz   not null,
    expires_at        timestamptz   not null,
    ended_at          timestamptz,
    end_reason        varchar(16),
    constraint idp_session_secret_unique unique (secret_hash)
);
create index idp_session_subject on idp_session (tenant_id, subject) where ended_at is null;
create index idp_session_connection on idp_session (tenant_id, connection_id) where ended_at is null;
create index idp_session_expired on idp_session (expires_at);

-- transactional outbox: written in the same transaction as the state change, relayed to Kafka
create table outbox (
    seq         bigserial     primary key,
    topic       varchar(120)  not null,
    record_key  varchar(300)  not null,
    payload     text          not null,
    created_at  timestamptz   not null default now()
);
