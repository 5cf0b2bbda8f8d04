package cn.qinzhou.livelihood.platform.outbox;

import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The events waiting in the outbox: how many, and when the oldest was appended (null when none waits). Read by
 * the readiness check and the metrics alike, one statement in the caller's transaction.
 */
record OutboxBacklog(long pending, Instant oldest) {

    static OutboxBacklog read(EntityManager entityManager) {
        Object[] row = (Object[]) entityManager
                .createNativeQuery("select count(*), min(created_at) from outbox_event where published_at is null")
                .getSingleResult();
        return new OutboxBacklog(((Number) row[0]).longValue(), instant(row[1]));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected created_at type " + value.getClass());
    }
}
