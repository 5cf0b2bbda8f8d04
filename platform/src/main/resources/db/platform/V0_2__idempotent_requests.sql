-- Idempotency-Key: the first answer to a caller's key, kept 24 hours so a repeated request gets it again
-- instead of being applied twice. A row without a response is a request still being processed.
create table idempotent_request (
    caller                      text          not null,
    idempotency_key             text          not null,
    fingerprint                 text          not null,
    reserved_at                 timestamptz   not null,
    response_status             integer,
    response_body               text,
    primary key (caller, idempotency_key)
);
create index idempotent_request_reserved_at_idx on idempotent_request (reserved_at);
