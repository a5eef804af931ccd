-- sign-ins started from a connection's login URL have no app-generated PKCE challenge: their codes
-- are redeemable only by the confidential client, with its secret, at its registered redirect URI
alter table authorization_code alter column code_challenge drop not null;
