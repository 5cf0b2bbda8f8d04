-- A project belongs to the plan year its snapshot names: the deadline rules judge a period only for the
-- projects of the plan year whose reporting window holds it.
alter table tracked_project add column plan_year integer;
-- Until plan years were data the service knew one plan only, 2024's: every project tracked so far is one of it.
update tracked_project set plan_year = 2024;
create index tracked_project_plan_year_idx on tracked_project (plan_year);
