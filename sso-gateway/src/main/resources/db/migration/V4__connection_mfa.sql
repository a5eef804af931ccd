-- SPEC A7: a connection may require MFA; the declarative rule skip_local_mfa lets federated sign-ins
-- through it pass without a local second factor.
alter table connection add column mfa_required boolean not null default false;
alter table connection add column mfa_skip_local boolean not null default false;
