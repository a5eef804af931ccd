-- V3's (tenant_id, lower(email), id) index still lost to app_user_tenant_id now and then: without statistics both
-- lookups are priced at one row, the same cost to the cent, and a clean-clone run in session 18 got the walk of
-- the tenant's users in one of six plannings (ADR-19). Account linking now finds the email through an index that
-- leads with it, and checks the tenant on the rows found, behind an OFFSET 0 fence that keeps the tenant condition
-- out of the scan: no index that leads with the tenant can answer it, so there is nothing left to tie with.
create index app_user_email on app_user (lower(email));
drop index app_user_tenant_email_id;
