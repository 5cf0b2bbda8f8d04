-- Each project belongs to one plan year, and a project continuing last year's (跨年续建) names it.
alter table catalog_project add column year integer;
alter table catalog_project add column carried_over_from text;
-- Until plan years were data, the 2024 plan was the only one there was: every copy kept so far is of a 2024 project.
update catalog_project set year = 2024;
create index catalog_project_year_idx on catalog_project (year);
