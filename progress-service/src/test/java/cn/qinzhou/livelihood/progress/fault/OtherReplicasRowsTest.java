package cn.qinzhou.livelihood.progress.fault;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row committed by another replica of the service (or left pending by an instance that died) never wakes this
 * instance's relay: only the relay's interval pass finds it. With nothing pending that pass claims nothing, and it
 * must still see such a row and publish it.
 */
@QuarkusTest
class OtherReplicasRowsTest {

    @Inject
    Outbox outbox;

    @Inject
    DataSource db;

    @Test
    void aRowCommittedElsewhereIsPublishedByTheIntervalPassWithoutAnyWakeUp() throws SQLException, InterruptedException {
        // The relay has been idle for a while: its interval passes have been finding nothing.
        Thread.sleep(Duration.ofSeconds(2).toMillis());
        Instant due = Instant.parse("2024-09-05T15:59:59Z");
        Instant received = Instant.parse("2024-09-03T02:00:00Z");
        ReportEvent submitted = new ReportEvent(UUID.randomUUID(), "OTHER-REPLICA-1", "other-replica-unit", 3, "2024-08", 1,
                due, received, received, "ON_TIME", new BigDecimal("40"), new BigDecimal("400000"),
                new BigDecimal("1000000"), null, "other-replica-unit");
        Outbox.Row row = outbox.row(Topics.PROGRESS_EVENTS, "OTHER-REPLICA-1", submitted.type(),
                ReportEvent.SCHEMA_VERSION, submitted);
        // Written as the other replica's statement writes it, on a connection of its own; Outbox.inserted is not called.
        try (Connection connection = db.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into outbox_event (event_id, topic, record_key, event_type, envelope, created_at)
                     values (?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, row.eventId());
            insert.setString(2, row.topic());
            insert.setString(3, row.recordKey());
            insert.setString(4, row.eventType());
            insert.setString(5, row.envelope());
            insert.setTimestamp(6, Timestamp.from(row.createdAt()));
            insert.executeUpdate();
        }

        List<TopicProbe.Seen> seen = TopicProbe.await(Topics.PROGRESS_EVENTS,
                record -> row.eventId().toString().equals(record.headers().get("event-id")), 1, Duration.ofSeconds(30));
        assertThat(seen).as("records of the row committed elsewhere").hasSize(1);
        assertThat(seen.get(0).key()).isEqualTo("OTHER-REPLICA-1");
        assertThat(seen.get(0).value().path("eventId").asText()).isEqualTo(row.eventId().toString());
        assertThat(seen.get(0).value().path("payload").path("period").asText()).isEqualTo("2024-08");
    }
}
