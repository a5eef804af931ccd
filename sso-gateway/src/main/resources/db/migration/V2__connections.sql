-- upstream connections of tenants (SPEC A1-A9), the stable accounts they sign in, and app
-- authorization requests waiting for the upstream round trip

create table connection (
    id                   varchar(64)   primary key,
    tenant_id            varchar(64)   not null,
    name                 varchar(200)  not null,
    protocol             varchar(8)    not null check (protocol in ('oidc')),
    status               varchar(16)   not null check (status in ('ACTIVE', 'DISCONNECTED')),
    issuer               varchar(500)  not null,
    client_id            varchar(255)  not null,
    -- AES-256-GCM ciphertext (master key from config, associated data tenant|connection)
    client_secret        bytea         not null,
    scopes               jsonb         not null,
    role_source          varchar(16)   not null check (role_source in ('id_token', 'access_token', 'userinfo')),
    role_claim           varchar(300),
    role_mappings        jsonb         not null,
    default_role         varchar(64),
    attribute_mappings   jsonb         not null,
    required_roles       jsonb         not null,
    required_roles_mode  varchar(8)    not null check (required_roles_mode in ('any', 'all')),
    jit                  boolean       not null default true,
    trust_upstream_mfa   boolean       not null default false,
    app_client_id        varchar(64)   not null,
    app_redirect_uri     varchar(2000) not null,
    -- SHA-256 of the login URL's random key; null while disconnected
    login_key_hash       bytea,
    -- increases with every change: the OIDC tenant configuration cached per connection follows it
    version              bigint        not null default 1,
    created_at           timestamptz   not null,
    updated_at           timestamptz   not null
);

create index connection_tenant on connection (tenant_id, created_at);
create unique index connection_login_key on connection (login_key_hash) where login_key_hash is not null;

-- one row per (connection, upstream subject): account_id is the subject of the suite's tokens and
-- the provisioned user's id; version orders that account's sign-in events
create table upstream_account (
    tenant_id         varchar(64)   not null,
    connection_id     varchar(64)   not null references connection (id) on delete cascade,
    upstream_subject  varchar(255)  not null,
    account_id        uuid          not null unique,
    version           bigint        not null,
    created_at        timestamptz   not null,
    last_sign_in_at   timestamptz   not null,
    primary key (tenant_id, connection_id, upstream_subject)
);

-- an app's validated authorization request (or a login-URL start) while the browser is at the
-- upstream IdP; consumed exactly once by the callback
create table pending_authorization (
    handle_hash            bytea          primary key,
    tenant_id              varchar(64)    not null,
    connection_id          varchar(64)    not null references connection (id) on delete cascade,
    client_id              varchar(64)    not null,
    redirect_uri           varchar(2000)  not null,
    state                  varchar(1000),
    nonce                  varchar(512),
    code_challenge         varchar(128),
    code_challenge_method  varchar(16),
    created_at             timestamptz    not null,
    expires_at             timestamptz    not null
);

create index pending_authorization_expiry on pending_authorization (expires_at);
