-- declarative migration journeys (SPEC B4): validated JSON, at most one per tenant and credential kind
create table journey (
    tenant_id   varchar(63)  not null,
    id          varchar(40)  not null,
    credential  varchar(20)  not null,
    definition  jsonb        not null,
    updated_at  timestamptz  not null,
    primary key (tenant_id, id),
    unique (tenant_id, credential)
);
