-- The platform roles the account's last sign-in mapped (ADR-33): a sign-in that no longer maps one of them ends the
-- account's sessions that still carry it. Null for accounts last seen before this column: nothing to compare.
alter table upstream_account add column roles jsonb;
