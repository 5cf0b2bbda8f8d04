-- notification-service: what it knows of projects and reports (from the topics), and the alerts.

create table tracked_project (
    id                      text primary key,
    lead_unit_id            text,
    lead_unit_name          text,
    programme_id            integer,
    status                  text          not null,
    annual_plan             numeric(16, 2),
    updated_at              timestamptz   not null
);
create index tracked_project_unit_idx on tracked_project (lead_unit_id);

create table tracked_report (
    project_id              text          not null,
    period                  text          not null,
    lead_unit_id            text,
    first_received_at       timestamptz   not null,
    timeliness              text          not null,
    version                 integer       not null,
    progress_percent        numeric(5, 2) not null,
    completed_investment    numeric(16, 2) not null,
    planned_investment      numeric(16, 2),
    primary key (project_id, period)
);
create index tracked_report_period_idx on tracked_report (period);

create table alert (
    id                      bigserial primary key,
    rule                    text          not null check (rule in ('REMINDER', 'OVERDUE', 'SLOW_PROGRESS', 'STALLED', 'REPEAT_LATE')),
    subject_type            text          not null check (subject_type in ('PROJECT', 'LEAD_UNIT')),
    subject_id              text          not null,
    project_id              text,
    lead_unit_id            text,
    programme_id            integer,
    period                  text          not null,
    severity                text          not null check (severity in ('INFO', 'YELLOW', 'RED')),
    state                   text          not null check (state in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    message                 text          not null,
    details                 text,
    raised_at               timestamptz   not null,
    updated_at              timestamptz   not null,
    resolved_at             timestamptz
);
-- One open alert per (subject, rule, period): re-evaluation updates it, never duplicates it.
create unique index alert_one_open on alert (subject_id, rule, period) where state <> 'RESOLVED';
create index alert_filter_idx on alert (state, rule, period);

create table alert_transition (
    id                      bigserial primary key,
    alert_id                bigint        not null references alert (id),
    change                  text          not null,
    state                   text          not null,
    severity                text          not null,
    actor                   text          not null,
    note                    text,
    at                      timestamptz   not null
);
create index alert_transition_alert_idx on alert_transition (alert_id);

-- Every alert change in commit order of its sequence; the SSE stream resumes from a sequence number.
create table alert_feed (
    sequence                bigserial primary key,
    alert_id                bigint        not null references alert (id),
    change                  text          not null,
    at                      timestamptz   not null
);
