-- Failed break-glass sign-ins per tenant and client address (ADR-30): an address (an IPv6 address by its /64) that
-- fails max-failures times in a row within the lockout period is locked out for that period, without locking out
-- the real admin, who signs in from elsewhere. The account itself locks only after max-account-failures in a row
-- within the period from all addresses (break_glass_admin.last_failed_at starts a new count once the period has
-- passed). Rows of addresses that stopped failing are purged once the lockout period has passed.
create table break_glass_address_lock (
    tenant_id        varchar(64)  not null references tenant (id) on delete cascade,
    client_address   varchar(64)  not null,
    failed_attempts  integer      not null,
    locked_until     timestamptz,
    updated_at       timestamptz  not null,
    primary key (tenant_id, client_address)
);
create index break_glass_address_lock_updated on break_glass_address_lock (updated_at);

alter table break_glass_admin add column last_failed_at timestamptz;
