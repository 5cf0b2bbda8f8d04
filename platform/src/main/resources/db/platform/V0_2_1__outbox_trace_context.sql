-- The W3C trace context (traceparent, tracestate) current when an event was appended, so the relay can put it
-- on the Kafka record and the consumer's work continues the trace of the request that caused the event.
-- Null for an event appended outside any trace (e.g. a scheduled sweep with nothing traced around it).
alter table outbox_event add column traceparent text, add column tracestate text;
