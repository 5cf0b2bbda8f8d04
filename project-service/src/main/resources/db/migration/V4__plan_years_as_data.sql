-- Plan years are data entered by the planning office: each year's document, its programmes and its reporting
-- window (the months reported on and the day each report is due) live here, not in configuration.

alter table plan_year
    add column document_reference text,
    add column first_period       text,
    add column last_period        text,
    add column due_day_of_month   integer,
    add column due_rule           text,
    -- Announced on Kafka by the service on start, in the same transaction as this flag (like seeded projects).
    add column announced          boolean not null default false;

-- 2024 as the document (钦政办〔2024〕17号) sets it: reports from September on, by the 5th, on August to December.
update plan_year set document_reference = '钦政办〔2024〕17号', first_period = '2024-08', last_period = '2024-12',
                     due_day_of_month = 5, due_rule = 'CALENDAR_DAY'
where year = 2024;

alter table plan_year
    alter column document_reference set not null,
    alter column first_period set not null,
    alter column last_period set not null,
    alter column due_day_of_month set not null,
    alter column due_rule set not null,
    add check (first_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' and last_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
               and first_period <= last_period),
    add check (due_day_of_month between 1 and 28),
    add check (due_rule in ('CALENDAR_DAY', 'NEXT_WORKING_DAY'));

-- Programme ids are global (projects refer to them alone): a new year's programmes take the next ones.
create sequence programme_id_seq owned by programme.id;
select setval('programme_id_seq', (select coalesce(max(id), 0) + 1 from programme), false);
alter table programme alter column id set default nextval('programme_id_seq');
alter table programme add unique (year, name);

-- The days that do not follow the week (Monday-Friday working): statutory holidays and the weekend days
-- worked in exchange (调休), as the State Council publishes them each year.
create table working_day (
    date        date primary key,
    kind        text        not null check (kind in ('HOLIDAY', 'WORKDAY')),
    name        text        not null,
    updated_at  timestamptz not null,
    updated_by  text        not null
);

-- A project that continues one of an earlier year (跨年续建).
alter table project add column carried_over_from text references project (id);
