package cn.qinzhou.livelihood.notification.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One message owed to one subscriber: an alert change (kind CHANGE) or a digest of several (kind DIGEST). Its id is
 * derived from what it is about, so a change read twice (at-least-once consumption, a second instance) is one row
 * and is shown once.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public enum Kind { CHANGE, DIGEST }

    public enum State { PENDING, AWAITING_DIGEST, IN_DIGEST, SENT, FAILED, CANCELLED }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Column(name = "subscription_id")
    public long subscriptionId;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Subscription.Channel channel;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "event_type")
    public String eventType;
    @Column(name = "alert_id")
    public Long alertId;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    public String rule;
    public String severity;
    public boolean urgent;
    public String payload;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "due_at")
    public Instant dueAt;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "digest_id")
    public UUID digestId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The id of the message telling one subscriber of one change. */
    public static UUID idOf(UUID eventId, long subscriptionId) {
        return UUID.nameUUIDFromBytes(("change:" + eventId + ":" + subscriptionId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of one subscriber's digest due at one instant: two instances assembling it make one row. */
    public static UUID digestIdOf(long subscriptionId, Instant dueAt) {
        return UUID.nameUUIDFromBytes(("digest:" + subscriptionId + ":" + dueAt).getBytes(StandardCharsets.UTF_8));
    }
}
