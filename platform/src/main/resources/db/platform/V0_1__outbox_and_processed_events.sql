-- The platform's tables, in every service's own database, before the service's own history (V1...).
-- Each service lists db/platform beside db/migration in quarkus.flyway.locations.

-- Transactional outbox: an event is written here in the transaction of the change it announces;
-- OutboxRelay publishes it and stamps published_at.
create table outbox_event (
    id                          bigserial primary key,
    event_id                    uuid          not null unique,
    topic                       text          not null,
    record_key                  text          not null,
    event_type                  text          not null,
    envelope                    text          not null,
    created_at                  timestamptz   not null,
    published_at                timestamptz,
    attempts                    integer       not null default 0,
    last_error                  text
);
create index outbox_event_pending_idx on outbox_event (id) where published_at is null;

-- Idempotent consumers: the events a consumer group has applied, written with their effects.
create table processed_event (
    consumer_group              text          not null,
    event_id                    uuid          not null,
    event_type                  text          not null,
    processed_at                timestamptz   not null,
    primary key (consumer_group, event_id)
);
