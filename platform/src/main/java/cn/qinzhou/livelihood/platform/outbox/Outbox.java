package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.platform.ids.TimeOrderedIds;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.platform.tracing.TraceContext;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Records an event in the caller's transaction. Nothing is sent here: {@link OutboxRelay} publishes
 * committed rows, so a rolled-back change never produces an event and a committed one always does.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper objectMapper;
    private final MovableClock clock;
    private final Event<OutboxAppended> appended;
    private final EntityManager em;
    private final ObjectMapper singlePass;

    public Outbox(ObjectMapper objectMapper, MovableClock clock, Event<OutboxAppended> appended, EntityManager em) {
        this.objectMapper = objectMapper;
        this.singlePass = singlePassWriter(objectMapper);
        this.clock = clock;
        this.appended = appended;
        this.em = em;
    }

    /** Marker fired on append; the relay observes it after commit to publish without waiting for its poll. */
    public record OutboxAppended(String topic) {
    }

    /**
     * One event for {@link #appendAll}: what {@link #append} takes, and the trace it continues. A caller that collects
     * entries for later (a consumer's run) captures each one's trace when it decides on it, so every event carries the
     * trace of the record that caused it, not of whatever is current when the batch is written.
     */
    public record Entry(String topic, String aggregateId, String type, int schemaVersion, Object payload, TraceContext trace) {

        /** In the trace current on this thread. */
        public Entry(String topic, String aggregateId, String type, int schemaVersion, Object payload) {
            this(topic, aggregateId, type, schemaVersion, payload, TraceContext.current());
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(String topic, String aggregateId, String type, int schemaVersion, Object payload) {
        EventEnvelope envelope = envelope(new Entry(topic, aggregateId, type, schemaVersion, payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.topic = topic;
        row.recordKey = aggregateId;
        row.eventType = type;
        row.envelope = toJson(envelope);
        row.createdAt = clock.instant();
        TraceContext trace = TraceContext.current();
        row.traceparent = trace.traceparent();
        row.tracestate = trace.tracestate();
        row.persist();
        appended.fire(new OutboxAppended(topic));
        return envelope;
    }

    /**
     * Appends the events in their order, as {@link #append} does one by one, but as one JDBC batch: a consumer's
     * run or a deadline sweep records up to thousands of events, and a round trip per row would cost more than
     * the changes they announce.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<EventEnvelope> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<EventEnvelope> envelopes = new ArrayList<>(entries.size());
        Set<String> topics = new LinkedHashSet<>();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Entry entry : entries) {
                    EventEnvelope envelope = envelope(entry);
                    insert.setObject(1, envelope.eventId());
                    insert.setString(2, entry.topic());
                    insert.setString(3, entry.aggregateId());
                    insert.setString(4, entry.type());
                    insert.setString(5, toJson(envelope));
                    insert.setObject(6, clock.instant().atOffset(ZoneOffset.UTC));
                    TraceContext trace = entry.trace() == null ? TraceContext.NONE : entry.trace();
                    insert.setString(7, trace.traceparent());
                    insert.setString(8, trace.tracestate());
                    insert.addBatch();
                    envelopes.add(envelope);
                    topics.add(entry.topic());
                }
                insert.executeBatch();
            }
        });
        topics.forEach(topic -> appended.fire(new OutboxAppended(topic)));
        return envelopes;
    }

    /**
     * An outbox row for a write path that inserts it in its own statement, beside the change it announces (one round
     * trip for both): the columns {@link #append} would insert.
     */
    public record Row(UUID eventId, String topic, String recordKey, String eventType, String envelope, Instant createdAt,
                      String traceparent, String tracestate) {
    }

    /**
     * The row {@link #append} would insert, for the caller to insert itself: in the statement that writes the change
     * it announces (atomic without a transaction around it) or in the current transaction. Once it is written the
     * caller calls {@link #inserted}. The payload is written to JSON once, straight into the envelope's text, not
     * through a JSON tree first: on a hot write path that conversion cost as much as the rest of the event. The text
     * is byte for byte what {@link #append} writes ({@link #envelopeText}).
     */
    public Row row(String topic, String aggregateId, String type, int schemaVersion, Object payload) {
        Instant now = clock.instant();
        UUID eventId = TimeOrderedIds.next(now);
        String json = envelopeText(singlePass, eventId, type, schemaVersion, now, aggregateId, payload);
        TraceContext trace = TraceContext.current();
        return new Row(eventId, topic, aggregateId, type, json, now, trace.traceparent(), trace.tracestate());
    }

    /**
     * Wakes the relay for a {@link #row} the caller has written: after the current transaction commits, or at once
     * when the row was written without one.
     */
    public void inserted(Row row) {
        appended.fire(new OutboxAppended(row.topic()));
    }

    /**
     * A copy of the service's mapper for {@link #envelopeText}: decimals written as a JSON tree holds them, without
     * trailing zeros (500000.00 as 500000, 0.00 as 0), so the events' bytes stay those {@link #append} has always
     * written (alert texts quote the amounts as the event gave them).
     */
    static ObjectMapper singlePassWriter(ObjectMapper mapper) {
        return mapper.copy().registerModule(new SimpleModule("decimals-as-in-a-tree")
                .addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
                    @Override
                    public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider)
                            throws IOException {
                        generator.writeNumber(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
                    }
                }));
    }

    /** The envelope's JSON text with the payload serialised in the same pass (see {@link #singlePassWriter}). */
    static String envelopeText(ObjectMapper singlePass, UUID eventId, String type, int schemaVersion, Instant occurredAt,
                               String aggregateId, Object payload) {
        try {
            return singlePass.writeValueAsString(new Written(eventId, type, schemaVersion, occurredAt, aggregateId, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written as JSON: " + type, e);
        }
    }

    /** {@link EventEnvelope} with its payload still an object: the same properties in the same order. */
    private record Written(UUID eventId, String type, int schemaVersion, Instant occurredAt, String aggregateId,
                           Object payload) {
    }

    private static final String INSERT = """
            insert into outbox_event (event_id, topic, record_key, event_type, envelope, created_at, traceparent, tracestate)
            values (?, ?, ?, ?, ?, ?, ?, ?)""";

    private EventEnvelope envelope(Entry entry) {
        Instant now = clock.instant();
        return new EventEnvelope(TimeOrderedIds.next(now), entry.type(), entry.schemaVersion(), now,
                entry.aggregateId(), objectMapper.valueToTree(entry.payload()));
    }

    private String toJson(EventEnvelope envelope) {
        try {
            return objectMapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written as JSON: " + envelope.type(), e);
        }
    }
}
