-- The scheduled purge (platform retention/RetentionPurge) deletes by age in batches: these let each batch find
-- its oldest rows without reading the whole table. The outbox index holds published rows only; the pending
-- rows have their own index (V0_1).
create index outbox_event_published_at_idx on outbox_event (published_at) where published_at is not null;
create index processed_event_processed_at_idx on processed_event (processed_at);
