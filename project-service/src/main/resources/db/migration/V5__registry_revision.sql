-- The registry's revision: a number every committed change to what the plan years and the funding totals read
-- (plan years, programmes, the document's source figures, lead units and funding_rollup, which follows the projects)
-- moves on. A read asks for it in a one-row query and answers from totals it computed at the same revision, so a
-- dashboard polling the totals costs one indexed read instead of three aggregating statements.
--
-- Bumped by deferred constraint triggers, that is at commit, after the transaction took all its other row locks:
-- transactions that change different funding groups never wait for each other until their commits, and cannot
-- deadlock on this row. A reader reads the revision before the data, so totals cached under a revision are never
-- older than it.
create table registry_revision (
    only_row boolean primary key default true check (only_row),
    revision bigint  not null
);
insert into registry_revision values (true, 0);

create function registry_revision_bump() returns trigger language plpgsql as $$
begin
    update registry_revision set revision = revision + 1;
    return null;
end;
$$;

create constraint trigger plan_year_revision after insert or update or delete on plan_year
    deferrable initially deferred for each row execute function registry_revision_bump();
create constraint trigger programme_revision after insert or update or delete on programme
    deferrable initially deferred for each row execute function registry_revision_bump();
create constraint trigger funding_source_figure_revision after insert or update or delete on funding_source_figure
    deferrable initially deferred for each row execute function registry_revision_bump();
create constraint trigger lead_unit_revision after insert or update or delete on lead_unit
    deferrable initially deferred for each row execute function registry_revision_bump();
create constraint trigger funding_rollup_revision after insert or update or delete on funding_rollup
    deferrable initially deferred for each row execute function registry_revision_bump();

-- TRUNCATE fires no row trigger (tests reset tables with it).
create trigger plan_year_revision_truncate after truncate on plan_year
    for each statement execute function registry_revision_bump();
create trigger programme_revision_truncate after truncate on programme
    for each statement execute function registry_revision_bump();
create trigger funding_source_figure_revision_truncate after truncate on funding_source_figure
    for each statement execute function registry_revision_bump();
create trigger lead_unit_revision_truncate after truncate on lead_unit
    for each statement execute function registry_revision_bump();
create trigger funding_rollup_revision_truncate after truncate on funding_rollup
    for each statement execute function registry_revision_bump();
