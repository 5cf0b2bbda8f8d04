-- The stream's snapshot of open alerts takes each alert's latest feed entry: an index walk per alert, not a
-- scan of the whole feed.
create index alert_feed_alert_idx on alert_feed (alert_id, sequence);
