package cn.qinzhou.livelihood.platform.outbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

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

    public Outbox(ObjectMapper objectMapper, MovableClock clock, Event<OutboxAppended> appended) {
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.appended = appended;
    }

    /** Marker fired on append; the relay observes it after commit to publish without waiting for its poll. */
    public record OutboxAppended(String topic) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(String topic, String aggregateId, String type, int schemaVersion, Object payload) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, schemaVersion, clock.instant(),
                aggregateId, objectMapper.valueToTree(payload));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.eventId();
        row.topic = topic;
        row.recordKey = aggregateId;
        row.eventType = type;
        row.envelope = toJson(envelope);
        row.createdAt = clock.instant();
        row.persist();
        appended.fire(new OutboxAppended(topic));
        return envelope;
    }

    private String toJson(EventEnvelope envelope) {
        try {
            return objectMapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written as JSON: " + envelope.type(), e);
        }
    }
}
