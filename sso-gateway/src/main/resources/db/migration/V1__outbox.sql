-- transactional outbox: written in the same transaction as the state change, relayed to Kafka
create table outbox (
    seq         bigserial     primary key,
    topic       varchar(120)  not null,
    record_key  varchar(300)  not null,
    payload     text          not null,
    created_at  timestamptz   not null default now()
);
