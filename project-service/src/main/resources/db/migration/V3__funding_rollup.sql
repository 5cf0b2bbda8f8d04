-- Planned funding totals kept up to date as projects change, so a dashboard's totals read a few hundred rows
-- (year x programme x category x lead unit) instead of every project: at a million projects a sum over the
-- project table takes seconds, a sum over this table well under a millisecond.
-- Only projects that are not CANCELLED count, as in the totals.
create table funding_rollup (
    year                integer        not null,
    programme_id        integer        not null,
    category            text           not null,
    -- '' for projects with no lead unit yet (a key column cannot be null)
    lead_unit_id        text           not null,
    projects            bigint         not null,
    projects_with_plan  bigint         not null,
    annual_plan         numeric(20, 2) not null,
    central_amount      numeric(20, 2) not null,
    regional_amount     numeric(20, 2) not null,
    local_amount        numeric(20, 2) not null,
    total_investment    numeric(20, 2) not null,
    primary key (year, programme_id, category, lead_unit_id)
);

-- Statement-level, with transition tables: a bulk insert or update of many projects costs one grouped upsert,
-- not one per row. New rows count +1, old rows -1, so an update moves a project between groups exactly.
-- Upserts go in key order, so two statements touching the same groups lock them in the same order.
create function funding_rollup_after_change() returns trigger language plpgsql as $$
declare
    signed_rows text := case tg_op
        when 'INSERT' then 'select 1 as sign, * from new_rows'
        when 'DELETE' then 'select -1 as sign, * from old_rows'
        else 'select 1 as sign, * from new_rows union all select -1 as sign, * from old_rows' end;
begin
    execute format($upsert$
        insert into funding_rollup as r
        select year, programme_id, category, coalesce(lead_unit_id, ''), sum(sign),
               sum(case when annual_plan is null then 0 else sign end),
               coalesce(sum(sign * annual_plan), 0), coalesce(sum(sign * central_amount), 0),
               coalesce(sum(sign * regional_amount), 0), coalesce(sum(sign * local_amount), 0),
               coalesce(sum(sign * total_investment), 0)
        from (%s) changed
        where status <> 'CANCELLED'
        group by 1, 2, 3, 4
        having sum(sign) <> 0 or sum(case when annual_plan is null then 0 else sign end) <> 0
            or sum(sign * annual_plan) <> 0 or sum(sign * central_amount) <> 0 or sum(sign * regional_amount) <> 0
            or sum(sign * local_amount) <> 0 or sum(sign * total_investment) <> 0
        order by 1, 2, 3, 4
        on conflict (year, programme_id, category, lead_unit_id) do update set
            projects = r.projects + excluded.projects,
            projects_with_plan = r.projects_with_plan + excluded.projects_with_plan,
            annual_plan = r.annual_plan + excluded.annual_plan,
            central_amount = r.central_amount + excluded.central_amount,
            regional_amount = r.regional_amount + excluded.regional_amount,
            local_amount = r.local_amount + excluded.local_amount,
            total_investment = r.total_investment + excluded.total_investment
        $upsert$, signed_rows);
    return null;
end;
$$;

create trigger project_funding_rollup_insert after insert on project
    referencing new table as new_rows for each statement execute function funding_rollup_after_change();
create trigger project_funding_rollup_update after update on project
    referencing old table as old_rows new table as new_rows for each statement execute function funding_rollup_after_change();
create trigger project_funding_rollup_delete after delete on project
    referencing old table as old_rows for each statement execute function funding_rollup_after_change();

-- The projects already registered (the seeded plan, or a database that ran before this migration).
insert into funding_rollup
select year, programme_id, category, coalesce(lead_unit_id, ''), count(*), count(annual_plan),
       coalesce(sum(annual_plan), 0), coalesce(sum(central_amount), 0), coalesce(sum(regional_amount), 0),
       coalesce(sum(local_amount), 0), coalesce(sum(total_investment), 0)
from project where status <> 'CANCELLED'
group by 1, 2, 3, 4;
