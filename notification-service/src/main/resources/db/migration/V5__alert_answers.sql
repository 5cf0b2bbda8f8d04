-- The 督办 loop: a lead unit answers an alert, the supervision office accepts or returns the answer, and a RED
-- alert left unanswered escalates one level (约谈). Each step is also a row of alert_transition (who, when, note).
-- Added with defaults, so the existing rows need no rewrite: nothing has been answered or escalated yet.
alter table alert
    add column escalation_level integer not null default 0 check (escalation_level between 0 and 1),
    add column response text not null default 'NONE' check (response in ('NONE', 'ANSWERED', 'RETURNED', 'ACCEPTED')),
    -- The latest answer (earlier ones, and the office's comments, are in the history).
    add column answer_explanation text,
    add column answer_measures text,
    add column answer_expected_completion date,
    add column answered_by text,
    add column answered_at timestamptz;
-- The sweep looks for RED alerts not answered and not yet escalated.
create index alert_unanswered_idx on alert (rule, severity) where state <> 'RESOLVED' and response = 'NONE' and escalation_level = 0;
