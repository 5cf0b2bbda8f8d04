-- Each feed entry keeps the alert as it stood after that change, so a client resuming the SSE stream sees
-- every change as it happened (a RAISED entry shows the alert as raised, even if it was resolved since).
alter table alert_feed add column snapshot text;

-- Entries written before this column existed show the alert as it stands now (the best that is known).
update alert_feed f
set snapshot = json_build_object('id', c.id, 'rule', c.rule, 'severity', c.severity, 'state', c.state,
                                 'subjectType', c.subject_type, 'subjectId', c.subject_id, 'projectId', c.project_id,
                                 'leadUnitId', c.lead_unit_id, 'programmeId', c.programme_id, 'period', c.period,
                                 'message', c.message, 'details', cast(c.details as json),
                                 'raisedAt', to_char(c.raised_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                 'updatedAt', to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                 'resolvedAt', to_char(c.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                 'history', null)::text
from alert c
where c.id = f.alert_id;

alter table alert_feed alter column snapshot set not null;
