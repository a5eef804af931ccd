-- SAML 2.0 connections (SPEC A1, issue 4): the OIDC-only columns become optional, a SAML connection
-- keeps its IdP and SP settings in one jsonb document, and its SP private key (PKCS#8) sits
-- encrypted in client_secret, the column that holds each connection's upstream credential.

alter table connection drop constraint connection_protocol_check;
alter table connection add constraint connection_protocol_check check (protocol in ('oidc', 'saml'));
alter table connection alter column issuer drop not null;
alter table connection alter column client_id drop not null;
alter table connection alter column role_source drop not null;
alter table connection add column saml jsonb;
alter table connection add constraint connection_protocol_settings check (
    (protocol = 'oidc' and issuer is not null and client_id is not null and role_source is not null and saml is null)
    or (protocol = 'saml' and saml is not null));

-- the AuthnRequest ID and RelayState a SAML sign-in was sent upstream with (SHA-256 of the relay
-- state): the response must answer exactly this request, from the browser holding the handle
alter table pending_authorization add column saml_request_id varchar(64);
alter table pending_authorization add column relay_state_hash bytea;

-- ids of accepted SAML assertions until they expire: a replayed assertion finds its id here on any
-- replica
create table saml_replay (
    connection_id  varchar(64)   not null references connection (id) on delete cascade,
    assertion_id   varchar(256)  not null,
    tenant_id      varchar(64)   not null,
    expires_at     timestamptz   not null,
    primary key (connection_id, assertion_id)
);

create index saml_replay_expiry on saml_replay (expires_at);
