-- The registry of the 2024 livelihood plan (为民办实事). Money is yuan in exact decimals.

create table plan_year (
    year                        integer primary key,
    title                       text          not null,
    -- The document's own figures, kept as written so reconciliation can show what it says.
    document_total_investment   numeric(16, 2) not null,
    document_annual_plan        numeric(16, 2) not null,
    document_project_count      integer       not null
);

create table programme (
    id                          integer primary key,
    year                        integer       not null references plan_year (year),
    name                        text          not null,
    name_en                     text          not null,
    document_annual_plan        numeric(16, 2) not null,
    document_region_aligned_count integer     not null,
    document_region_aligned_plan numeric(16, 2) not null,
    document_city_selected_count integer      not null,
    document_city_selected_plan numeric(16, 2) not null
);

-- The plan's split of the year's money by source (中央 / 自治区 / 市和县区), as the document states it.
create table funding_source_figure (
    year                        integer       not null references plan_year (year),
    source                      text          not null check (source in ('CENTRAL', 'REGIONAL', 'LOCAL')),
    document_annual_plan        numeric(16, 2) not null,
    primary key (year, source)
);

create table lead_unit (
    id                          text primary key,
    name                        text          not null unique,
    created_at                  timestamptz   not null
);

create table project (
    id                          text primary key,
    year                        integer       not null references plan_year (year),
    programme_id                integer       not null references programme (id),
    category                    text          not null check (category in ('REGION_ALIGNED', 'CITY_SELECTED')),
    name                        text          not null,
    lead_unit_id                text references lead_unit (id),
    total_investment            numeric(16, 2),
    annual_plan                 numeric(16, 2),
    central_amount              numeric(16, 2),
    regional_amount             numeric(16, 2),
    local_amount                numeric(16, 2),
    -- The plan before the first approved adjustment; null until one is approved.
    original_annual_plan        numeric(16, 2),
    original_central_amount     numeric(16, 2),
    original_regional_amount    numeric(16, 2),
    original_local_amount       numeric(16, 2),
    status                      text          not null check (status in ('ACTIVE', 'ADJUSTED', 'CANCELLED', 'COMPLETED')),
    -- Seeded rows are announced on Kafka by the service on first start, in the same transaction as this flag.
    registration_announced      boolean       not null default false,
    version                     bigint        not null default 0,
    created_at                  timestamptz   not null,
    updated_at                  timestamptz   not null,
    updated_by                  text          not null,
    unique (year, name),
    check ((annual_plan is null and central_amount is null and regional_amount is null and local_amount is null)
        or (annual_plan = central_amount + regional_amount + local_amount)),
    check (coalesce(total_investment, 0) >= 0 and coalesce(annual_plan, 0) >= 0 and coalesce(central_amount, 0) >= 0
        and coalesce(regional_amount, 0) >= 0 and coalesce(local_amount, 0) >= 0)
);
create index project_programme_idx on project (programme_id);
create index project_lead_unit_idx on project (lead_unit_id);

create sequence adjustment_request_seq start with 1 increment by 1;

create table adjustment_request (
    id                          bigint primary key default nextval('adjustment_request_seq'),
    project_id                  text          not null references project (id),
    kind                        text          not null check (kind in ('CHANGE_PLAN', 'CANCEL')),
    requested_annual_plan       numeric(16, 2),
    requested_central_amount    numeric(16, 2),
    requested_regional_amount   numeric(16, 2),
    requested_local_amount      numeric(16, 2),
    reason                      text          not null,
    status                      text          not null check (status in ('PENDING', 'APPROVED', 'REJECTED')),
    requested_by                text          not null,
    requested_at                timestamptz   not null,
    decided_by                  text,
    decided_at                  timestamptz,
    decision_note               text
);
create index adjustment_request_project_idx on adjustment_request (project_id);
-- At most one open request per project: a second one would race the first.
create unique index adjustment_request_one_pending on adjustment_request (project_id) where status = 'PENDING';
