-- An app's required roles (SPEC A5, ADR-33): a JSON array of platform role names, and whether the session's user
-- needs any or all of them. Existing apps require none.
alter table app add column required_roles text not null default '[]';
alter table app add column required_roles_mode varchar(3) not null default 'any'
    constraint app_required_roles_mode check (required_roles_mode in ('any', 'all'));
