package cn.qinzhou.livelihood.notification.operating;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.notification.tracking.EventTracker;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.Metrics;
import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees: the trace of a report continued onto its alerts, and the meters at /q/metrics. */
@QuarkusTest
class MetricsAndTracesTest {

    static final Instant RECEIVED = Instant.parse("2024-10-02T01:00:00Z");

    @Test
    void theAlertRaisedForAReportCarriesTheReportsTraceOnItsEvent() {
        Events.project("TRC-1", "trc-unit", "ACTIVE", "36600");
        Events.awaitTracked("TRC-1");
        String traceId = hex(32);
        String envelope = Events.reportEnvelope("TRC-1", "trc-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        TopicProbe.send(Topics.PROGRESS_EVENTS, "TRC-1", envelope, Map.of("traceparent", "00-" + traceId + "-" + hex(16) + "-01"));

        TopicProbe.Seen raised = alertEventOf("TRC-1");
        assertThat(raised.value().path("payload").path("rule").asText()).isEqualTo("SLOW_PROGRESS");
        assertThat(traceIdOf(raised)).as("trace of the alert event").isEqualTo(traceId);
    }

    /**
     * Two reports fetched in one poll are applied in one transaction and their alerts written together at its end;
     * each alert event still continues the trace of its own report, not its neighbour's.
     */
    @Test
    void reportsAppliedTogetherKeepEachItsOwnTraceOnItsAlert() throws Exception {
        Events.project("TRC-A", "trc-unit", "ACTIVE", "36600");
        Events.project("TRC-B", "trc-unit", "ACTIVE", "36600");
        Events.awaitTracked("TRC-A");
        Events.awaitTracked("TRC-B");
        String traceA = hex(32);
        String traceB = hex(32);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", RealInfrastructure.broker().bootstrapServers(), "acks", "all", "linger.ms", 50,
                "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
            // One batch: the consumer fetches both records together.
            producer.send(traced("TRC-A", traceA));
            producer.send(traced("TRC-B", traceB));
            producer.flush();
        }
        assertThat(traceIdOf(alertEventOf("TRC-A"))).isEqualTo(traceA);
        assertThat(traceIdOf(alertEventOf("TRC-B"))).isEqualTo(traceB);
    }

    @Test
    void openAlertsByRuleAndSeverityMatchTheAlertsApi() {
        Events.project("MET-1", "met-unit", "ACTIVE", "36600");
        Events.report("MET-1", "met-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Events.alertsOf("MET-1", Alert.Rule.SLOW_PROGRESS).isEmpty());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Metrics.Sample> scrape = Metrics.scrape();
            for (Alert.Rule rule : Alert.Rule.values()) {
                for (Alert.Severity severity : Alert.Severity.values()) {
                    long listed = RestApi.as(Roles.SUPERVISOR, null).queryParam("state", "OPEN").queryParam("rule", rule)
                            .queryParam("severity", severity).queryParam("size", 1).when().get("/alerts")
                            .then().statusCode(200).extract().jsonPath().getLong("total");
                    Map<String, String> labels = Map.of("rule", rule.name(), "severity", severity.name());
                    assertThat(Metrics.has(scrape, "livelihood_alerts_open", labels)).as("series " + labels).isTrue();
                    assertThat(Metrics.sum(scrape, "livelihood_alerts_open", labels)).as("open " + labels).isEqualTo(listed);
                }
            }
            assertThat(Metrics.sum(scrape, "livelihood_alerts_open", Map.of("rule", "SLOW_PROGRESS"))).isPositive();
        });
    }

    @Test
    void theConsumerCountsAppliedDuplicateAndDeadLetteredRecordsAndTheOutboxItsAlertEvents() {
        Map<String, String> group = Map.of("group", EventTracker.CONSUMER_GROUP);
        Events.project("MET-2", "met-unit", "ACTIVE", "36600");
        Events.awaitTracked("MET-2");
        List<Metrics.Sample> before = Metrics.scrape();

        String report = Events.report("MET-2", "met-unit", "2024-09", 1, RECEIVED, "10", "100", "36600");
        Events.send("MET-2", report);
        // Not JSON: straight to the dead-letter topic (same key, so it is read after the two above).
        TopicProbe.send(Topics.PROGRESS_EVENTS, "MET-2", "{not json");
        Events.project("MET-2", "met-unit-2", "ACTIVE", "36600");
        await().atMost(Duration.ofSeconds(60)).until(() -> Events.alertsOf("MET-2", Alert.Rule.SLOW_PROGRESS).stream()
                .anyMatch(a -> "met-unit-2".equals(a.get("leadUnitId"))));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Metrics.Sample> after = Metrics.scrape();
            assertThat(delta(before, after, "livelihood_consumer_records_applied_total", group)).as("applied").isEqualTo(2);
            assertThat(delta(before, after, "livelihood_consumer_records_duplicates_total", group)).as("duplicates").isEqualTo(1);
            assertThat(delta(before, after, "livelihood_consumer_records_dead_lettered_total",
                    Map.of("group", EventTracker.CONSUMER_GROUP, "topic", Topics.PROGRESS_EVENTS))).as("dead-lettered").isEqualTo(1);
            // The raise and the reassignment went out on the alert topic; nothing is left waiting.
            assertThat(delta(before, after, "livelihood_outbox_published_total", Map.of("topic", Topics.ALERT_EVENTS)))
                    .as("published").isGreaterThanOrEqualTo(2);
            assertThat(delta(before, after, "livelihood_outbox_publish_errors_total", Map.of("topic", Topics.ALERT_EVENTS)))
                    .as("publish errors since this test began").isZero();
            assertThat(Metrics.sum(after, "livelihood_outbox_pending", Map.of())).isZero();
            assertThat(Metrics.sum(after, "livelihood_outbox_oldest_pending_age_seconds", Map.of())).isZero();
            assertThat(Metrics.has(after, "livelihood_consumer_lag", Map.of("group", EventTracker.CONSUMER_GROUP,
                    "topic", Topics.PROGRESS_EVENTS, "partition", "0"))).as("lag of progress events").isTrue();
            assertThat(Metrics.sum(after, "livelihood_consumer_lag", group)).as("lag once caught up").isZero();
        });
    }

    /** Every metric the dashboard reads is exposed here, but the report counts, which progress-service owns. */
    @Test
    void theDashboardReadsOnlyMetricsTheServicesExpose() {
        RestApi.as(Roles.SUPERVISOR, null).when().get("/alerts").then().statusCode(200);
        Set<String> wanted = new HashSet<>(Metrics.dashboardMetricNames());
        assertThat(wanted).contains("livelihood_alerts_open", "livelihood_outbox_pending", "livelihood_consumer_lag",
                "http_server_requests_seconds_count");
        wanted.remove("livelihood_reports_received");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exposed = new HashSet<>();
            Metrics.scrape().forEach(s -> exposed.add(s.name()));
            assertThat(exposed).containsAll(wanted);
        });
    }

    private static ProducerRecord<String, String> traced(String projectId, String traceId) {
        // One partition for both, whatever their keys hash to, so that one fetch returns them together.
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PROGRESS_EVENTS, 0, projectId,
                Events.reportEnvelope(projectId, "trc-unit", "2024-09", 1, RECEIVED, "10", "100", "36600"));
        record.headers().add("traceparent", ("00-" + traceId + "-" + hex(16) + "-01").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static TopicProbe.Seen alertEventOf(String projectId) {
        return TopicProbe.await(Topics.ALERT_EVENTS, s -> projectId.equals(s.key()), 1, Duration.ofSeconds(60)).get(0);
    }

    /** The trace id of the record's W3C traceparent ({@code 00-<trace id>-<span id>-<flags>}). */
    private static String traceIdOf(TopicProbe.Seen seen) {
        String traceparent = seen.headers().get("traceparent");
        assertThat(traceparent).as("traceparent of " + seen.value()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    private static double delta(List<Metrics.Sample> before, List<Metrics.Sample> after, String name, Map<String, String> labels) {
        return Metrics.sum(after, name, labels) - Metrics.sum(before, name, labels);
    }

    static String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        while (s.length() < digits) {
            s.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(16)));
        }
        return s.toString();
    }
}
