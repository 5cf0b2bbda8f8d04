-- notification-service: who is told of which alert changes (subscription), and each message owed to them (delivery).

create table subscription (
    id                      bigserial primary key,
    recipient               text          not null,
    channel                 text          not null check (channel in ('WECOM', 'DINGTALK', 'EMAIL', 'WEBHOOK')),
    -- the robot or webhook URL, or the e-mail address; a signing key is never stored, only its name (secret_name),
    -- resolved from configuration (livelihood.delivery.secrets.<name>) when a message is sent
    target                  text          not null,
    secret_name             text,
    -- filters: comma-separated rules and programme ids (empty = all), the least severity, one lead unit (null = all)
    rules                   text          not null default '',
    min_severity            text          not null default 'INFO' check (min_severity in ('INFO', 'YELLOW', 'RED')),
    programme_ids           text          not null default '',
    lead_unit_id            text,
    mode                    text          not null check (mode in ('IMMEDIATE', 'DIGEST')),
    digest_time             time          not null default '09:00',
    quiet_from              time,
    quiet_until             time,
    created_by              text          not null,
    created_at              timestamptz   not null,
    updated_at              timestamptz   not null,
    version                 bigint        not null default 0
);
create index subscription_unit_idx on subscription (lead_unit_id);

-- One row per (alert change, subscription): its id is derived from both, so a replayed change adds nothing.
-- A digest is a row of its own (kind DIGEST) that the changes it carries point to (digest_id).
create table delivery (
    id                      uuid          primary key,
    kind                    text          not null check (kind in ('CHANGE', 'DIGEST')),
    subscription_id         bigint        not null,
    recipient               text          not null,
    channel                 text          not null,
    event_id                uuid,
    event_type              text,
    alert_id                bigint,
    lead_unit_id            text,
    rule                    text,
    severity                text,
    urgent                  boolean       not null default false,
    -- the alert as the change left it (CHANGE), or the digest's summary (DIGEST), as JSON
    payload                 text          not null,
    -- PENDING: to be sent from due_at; AWAITING_DIGEST: waits for the digest at due_at; IN_DIGEST: carried by
    -- digest_id; SENT; FAILED (given up: permanent refusal or attempts exhausted); CANCELLED (subscription deleted)
    state                   text          not null check (state in ('PENDING', 'AWAITING_DIGEST', 'IN_DIGEST', 'SENT', 'FAILED', 'CANCELLED')),
    due_at                  timestamptz   not null,
    attempts                integer       not null default 0,
    last_error              text,
    digest_id               uuid,
    created_at              timestamptz   not null,
    sent_at                 timestamptz,
    updated_at              timestamptz   not null
);
create index delivery_due_idx on delivery (due_at) where state in ('PENDING', 'AWAITING_DIGEST');
create index delivery_alert_idx on delivery (alert_id);
create index delivery_failed_idx on delivery (updated_at) where state = 'FAILED';
create index delivery_digest_idx on delivery (digest_id);
