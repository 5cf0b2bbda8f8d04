package cn.qinzhou.livelihood.progress.retention;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.retention.RetentionPurge;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The purge deletes published outbox rows after 7 days, applied event ids after 35 days (longer than the topics
 * keep records, so a replay within their retention is still recognised) and Idempotency-Key answers after 24
 * hours, as of the service's clock; what is younger stays.
 */
@QuarkusTest
class RetentionPurgeTest {

    private static final String UNIT = "ret-unit";

    @Inject
    RetentionPurge purge;
    @Inject
    MovableClock clock;
    @Inject
    DataSource db;

    @AfterEach
    void clockBack() {
        clock.followSystemClock();
    }

    @Test
    void aPublishedOutboxRowIsKeptSevenDaysThenPurgedAndTheReportStays() throws Exception {
        ProjectEvents.publishKnown("RET-1", UNIT, 3, "ACTIVE", "100000");
        Reports.submit(UNIT, "RET-1", "2024-08", Reports.body("20", "1000")).statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedAt("RET-1") != null);
        Instant published = publishedAt("RET-1");

        clock.moveTo(published.plus(Duration.ofDays(7)).minusSeconds(60));
        purge.purge();
        assertThat(count("select count(*) from outbox_event where record_key = ?", "RET-1")).isEqualTo(1);

        clock.moveTo(published.plus(Duration.ofDays(7)).plusSeconds(60));
        RetentionPurge.Result result = purge.purge();
        assertThat(result.outboxEvents()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from outbox_event where record_key = ?", "RET-1")).isZero();
        RestApi.as(Roles.SUPERVISOR, null).when().get("/projects/RET-1/reports").then().statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void anEventReplayedWithinTheTopicsRetentionIsStillSkippedAndItsIdGoesOnlyAfterThirtyFiveDays() throws Exception {
        UUID eventId = UUID.randomUUID();
        Instant occurred = Instant.now();
        ProjectEvents.publish(eventId, occurred, "RET-2", UNIT, 3, "ACTIVE", "100000");
        Reports.awaitKnown("RET-2", UNIT);
        Instant processed = processedAt(eventId);

        // 34 days on: within the topics' 30 days and the ids' 35, a replay of the event (its id, here carrying a
        // cancellation, so that applying it would show) changes nothing.
        clock.moveTo(processed.plus(Duration.ofDays(34)));
        assertThat(purge.purge().processedEvents()).isGreaterThanOrEqualTo(0);
        assertThat(count("select count(*) from processed_event where event_id = ?", eventId)).isEqualTo(1);
        ProjectEvents.publish(eventId, occurred.plusSeconds(1), "RET-2", UNIT, 3, "CANCELLED", "100000");
        // A project on the same partition, published after the replay: once it is known, the replay was read.
        ProjectEvents.publishKnown(keyOnSamePartitionAs("RET-2"), UNIT, 3, "ACTIVE", "100000");

        clock.moveTo(processed.plus(Duration.ofDays(35)).plusSeconds(60));
        assertThat(purge.purge().processedEvents()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from processed_event where event_id = ?", eventId)).isZero();

        // The replayed cancellation was not applied: the project still takes a report (sent at today's time, so
        // that no other test's figures as of now miss it).
        clock.followSystemClock();
        Reports.submit(UNIT, "RET-2", "2024-08", Reports.body("20", "1000")).statusCode(201);
    }

    @Test
    void anIdempotencyKeyIsRememberedTwentyFourHoursThenPurgedSoItMayBeUsedAgain() {
        ProjectEvents.publishKnown("RET-3", UNIT, 3, "ACTIVE", "100000");
        batch("ret-key", "2024-08").statusCode(200).body("results[0].status", equalTo(201));
        batch("ret-key", "2024-09").statusCode(422);

        clock.advance(Duration.ofHours(23));
        purge.purge();
        assertThat(count("select count(*) from idempotent_request where idempotency_key = ?", "ret-key")).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        assertThat(purge.purge().idempotentRequests()).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from idempotent_request where idempotency_key = ?", "ret-key")).isZero();
        // Back to today before writing again: a report received "tomorrow" would be missing from every bulletin
        // the other tests ask for as of now.
        clock.followSystemClock();
        batch("ret-key", "2024-09").statusCode(200).body("results[0].status", equalTo(201));
    }

    @Test
    void processedEventIdsKeptShorterThanTheTopicsKeepRecordsAreRefusedAtStart() {
        assertThatThrownBy(() -> new RetentionPurge(null, clock, true, Duration.ofHours(1), Duration.ofDays(7),
                Duration.ofDays(29), 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("livelihood.retention.processed-events-kept");
    }

    private static io.restassured.response.ValidatableResponse batch(String key, String period) {
        return RestApi.as(Roles.LEAD_UNIT, UNIT).header("Idempotency-Key", key)
                .body(Map.of("items", List.of(Map.of("projectId", "RET-3", "period", period,
                        "report", Reports.body("20", "1000")))))
                .when().post("/reports/batch").then();
    }

    /** A made-up project id that Kafka's default partitioner puts on the same partition as the given one. */
    private static String keyOnSamePartitionAs(String key) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealInfrastructure.broker().bootstrapServers()))) {
            partitions = admin.describeTopics(List.of(Topics.PROJECT_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.PROJECT_EVENTS).partitions().size();
        }
        int wanted = partitionOf(key, partitions);
        for (int i = 0; ; i++) {
            String candidate = "RET-MARK-" + i;
            if (partitionOf(candidate, partitions) == wanted) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Instant publishedAt(String recordKey) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select max(published_at) from outbox_event where record_key = ?")) {
            s.setString(1, recordKey);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp at = rs.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        }
    }

    private Instant processedAt(UUID eventId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select processed_at from processed_event where event_id = ?")) {
                s.setObject(1, eventId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getTimestamp(1).toInstant() : null;
                }
            }
        }, java.util.Objects::nonNull);
    }

    private long count(String sql, Object parameter) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
