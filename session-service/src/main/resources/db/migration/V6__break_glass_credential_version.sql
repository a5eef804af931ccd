-- The version of a break-glass account's credentials: raised each time the operator sets, replaces or disables
-- them. A break-glass access token names the version it was issued under (claim break_glass_version), and the
-- admin APIs accept it only while the account is enabled at that version (ADR-28).
alter table break_glass_admin add column credential_version bigint not null default 1;
