-- progress-service: its own copy of the projects, and the monthly reports with every version.

-- What this service knows about each project, kept from livelihood.project.events (never asked for).
create table catalog_project (
    id                      text primary key,
    name                    text,
    programme_id            integer,
    programme_name          text,
    category                text,
    lead_unit_id            text,
    lead_unit_name          text,
    status                  text          not null,
    annual_plan             numeric(16, 2),
    central_amount          numeric(16, 2),
    regional_amount         numeric(16, 2),
    local_amount            numeric(16, 2),
    updated_at              timestamptz   not null
);
create index catalog_project_lead_unit_idx on catalog_project (lead_unit_id);

-- One row per project and period; the versions below hold what was said, the latest one counts.
create table report (
    id                      uuid primary key,
    project_id              text          not null references catalog_project (id),
    period                  text          not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    lead_unit_id            text,
    due_at                  timestamptz   not null,
    first_received_at       timestamptz   not null,
    -- Judged once, on the first submission: corrections never change it.
    timeliness              text          not null check (timeliness in ('ON_TIME', 'LATE')),
    latest_version          integer       not null,
    unique (project_id, period)
);
create index report_period_idx on report (period);

create table report_version (
    report_id               uuid          not null references report (id),
    version                 integer       not null,
    received_at             timestamptz   not null,
    submitted_by            text          not null,
    contact                 text          not null,
    recorded_by             text          not null,
    progress_percent        numeric(5, 2) not null check (progress_percent between 0 and 100),
    completed_central       numeric(16, 2) not null check (completed_central >= 0),
    completed_regional      numeric(16, 2) not null check (completed_regional >= 0),
    completed_local         numeric(16, 2) not null check (completed_local >= 0),
    completed_investment    numeric(16, 2) not null,
    received_central        numeric(16, 2) not null check (received_central >= 0),
    received_regional       numeric(16, 2) not null check (received_regional >= 0),
    received_local          numeric(16, 2) not null check (received_local >= 0),
    beneficiaries           bigint,
    beneficiary_description text,
    progress_narrative      text          not null,
    difficulties            text          not null,
    typical_cases           text,
    correction_reason       text,
    planned_investment      numeric(16, 2),
    primary key (report_id, version),
    check (completed_investment = completed_central + completed_regional + completed_local)
);
