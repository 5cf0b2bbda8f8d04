package cn.qinzhou.livelihood.progress.fault;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.outbox.OutboxRelay;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.RelayDrivenAndSmallWriteLimit;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance killed after the broker committed a batch but before the database marked it sent leaves the batch's
 * rows pending. The relay that starts next finds their records on the topic, marks them, and sends only what the
 * topic lacks: each report's event is on the topic once. The relay's own thread is off in its profile, so the
 * test decides when a relay pass runs; the dead instance's commit is a record the test writes, as that instance
 * did, with the row's event id.
 */
@QuarkusTest
@TestProfile(RelayDrivenAndSmallWriteLimit.class)
@Order(Integer.MAX_VALUE - 1) // after the classes of the default profile
class OutboxRelayRecoveryTest {

    private static final String UNIT = "relay-recovery-unit";

    @Inject
    OutboxRelay relay;

    @Inject
    DataSource db;

    @Test
    void anEventTheBrokerCommittedBeforeTheInstanceDiedIsPublishedOnceAfterTheRestart() throws SQLException {
        ProjectEvents.publishKnown("RELAY-REC-1", UNIT, 3, "ACTIVE", "100");
        ProjectEvents.publishKnown("RELAY-REC-2", UNIT, 3, "ACTIVE", "100");
        Reports.submit(UNIT, "RELAY-REC-1", "2024-08", Reports.body("30", "30")).statusCode(201);
        Reports.submit(UNIT, "RELAY-REC-2", "2024-08", Reports.body("40", "40")).statusCode(201);
        PendingRow reachedTheBroker = pendingRow("RELAY-REC-1");
        PendingRow neverSent = pendingRow("RELAY-REC-2");

        // What the killed instance got as far as: its batch committed on the broker, its rows still pending.
        TopicProbe.send(reachedTheBroker.topic, reachedTheBroker.key, reachedTheBroker.envelope,
                Map.of("event-id", reachedTheBroker.eventId, "event-type", reachedTheBroker.eventType));

        // The first pass of the restarted relay reads the topic back before sending anything.
        while (relay.publishBatch() > 0) {
            // the rest of the backlog, if any
        }

        assertThat(pendingRow("RELAY-REC-1")).as("the row the broker had").isNull();
        assertThat(pendingRow("RELAY-REC-2")).as("the row the broker lacked").isNull();
        List<TopicProbe.Seen> first = TopicProbe.await(Topics.PROGRESS_EVENTS,
                seen -> reachedTheBroker.eventId.equals(seen.headers().get("event-id")), 1, Duration.ofSeconds(30));
        List<TopicProbe.Seen> second = TopicProbe.await(Topics.PROGRESS_EVENTS,
                seen -> neverSent.eventId.equals(seen.headers().get("event-id")), 1, Duration.ofSeconds(30));
        assertThat(first).as("records of the event the dead instance had committed").hasSize(1);
        assertThat(second).as("records of the event it had not sent").hasSize(1);
        assertThat(second.get(0).key()).isEqualTo("RELAY-REC-2");
    }

    record PendingRow(String eventId, String topic, String key, String eventType, String envelope) {
    }

    /** The project's newest outbox row while it is still unpublished, or null. */
    private PendingRow pendingRow(String projectId) throws SQLException {
        try (Connection connection = db.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select event_id, topic, record_key, event_type, envelope from outbox_event"
                             + " where record_key = ? and published_at is null order by id desc limit 1")) {
            query.setString(1, projectId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new PendingRow(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5)) : null;
            }
        }
    }
}
