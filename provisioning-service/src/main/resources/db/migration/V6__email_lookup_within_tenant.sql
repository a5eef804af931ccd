-- V5 looked an email up across all tenants and checked the tenant on the rows found: one tenant with many users
-- of an address would slow every other tenant's lookup of it, and the admin API's email filter lost its index.
-- The lookup is tenant-led again; what V5 fixed (a tie with the walk of app_user_tenant_id) now comes from the
-- query: its order and limit sit outside an OFFSET 0 fence (ADR-19). Building the index holds writes to app_user
-- for the time it takes (docs/operations.md).
create index app_user_tenant_email_id on app_user (tenant_id, lower(email), id);
drop index app_user_email;
