-- apps register the exact redirect URIs the authorization-code flow may return to (JSON array)
alter table app add column redirect_uris text not null default '[]';

-- single-use authorization codes of the app-facing OIDC flow. code_hash: SHA-256 of the code.
-- session_secret: the bearer session id, AES-GCM-encrypted under the master key (associated data:
-- the code hash), handed to the app's backend once at the code exchange.
create table authorization_code (
    code_hash       bytea         primary key,
    tenant_id       varchar(64)   not null references tenant (id) on delete cascade,
    client_id       varchar(64)   not null,
    redirect_uri    varchar(2000) not null,
    code_challenge  varchar(128)  not null,
    nonce           varchar(512),
    session_id      uuid          not null references idp_session (id) on delete cascade,
    session_secret  bytea         not null,
    created_at      timestamptz   not null,
    expires_at      timestamptz   not null
);
create index authorization_code_expiry on authorization_code (expires_at);

-- a code is marked used, not deleted, so that a replay is recognised and revokes its session
alter table authorization_code add column used_at timestamptz;
