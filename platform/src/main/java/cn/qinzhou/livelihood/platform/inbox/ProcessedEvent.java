package cn.qinzhou.livelihood.platform.inbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * An event a consumer group has already applied. Written in the same transaction as the event's effects,
 * so a redelivered or replayed event is recognised and skipped. The platform's migration (db/platform)
 * creates the {@code processed_event} table.
 */
@Entity
@Table(name = "processed_event")
@IdClass(ProcessedEvent.Key.class)
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "consumer_group")
    public String consumerGroup;

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    public record Key(String consumerGroup, UUID eventId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
