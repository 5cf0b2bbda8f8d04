package cn.qinzhou.livelihood.progress.operating;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.progress.catalog.ProjectCatalog;
import cn.qinzhou.livelihood.testsupport.Metrics;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees of progress-service: a report's trace on its event, and the meters at /q/metrics. */
@QuarkusTest
class MetricsAndTracesTest {

    @Test
    void aReportSubmittedInATraceCarriesThatTraceOntoItsEvent() {
        ProjectEvents.publishKnown("OPS-1", "ops-unit", 5, "ACTIVE", "100");
        String traceId = hex(32);
        String callerSpan = hex(16);
        RestApi.as(Roles.LEAD_UNIT, "ops-unit").header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(Reports.body("10", "10")).when().put("/projects/OPS-1/reports/2024-09").then().statusCode(201);

        TopicProbe.Seen event = TopicProbe.await(Topics.PROGRESS_EVENTS, s -> "OPS-1".equals(s.key()), 1, Duration.ofSeconds(30)).get(0);
        String traceparent = event.headers().get("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String[] parts = traceparent.split("-");
        assertThat(parts[1]).as("trace id").isEqualTo(traceId);
        // The service's own server span, child of the caller's: the trace shows where the event was decided.
        assertThat(parts[2]).as("span id").isNotEqualTo(callerSpan);
    }

    @Test
    void reportsReceivedByTimelinessMatchTheReportingStatusAndTheOutboxDrains() {
        List<Metrics.Sample> before = Metrics.scrape();
        ProjectEvents.publishKnown("OPS-2", "ops-unit", 5, "ACTIVE", "100");
        ProjectEvents.publishKnown("OPS-3", "ops-unit", 5, "ACTIVE", "100");
        Reports.submit("ops-unit", "OPS-2", "2024-10", Reports.body("10", "10")).statusCode(201);
        Reports.submit("ops-unit", "OPS-3", "2024-10", Reports.body("20", "20")).statusCode(201);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath status = RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2024-10").when().get("/reporting-status")
                    .then().statusCode(200).extract().jsonPath();
            List<Metrics.Sample> after = Metrics.scrape();
            assertThat(Metrics.sum(after, "livelihood_reports_received", Map.of("period", "2024-10", "timeliness", "ON_TIME")))
                    .as("on time").isEqualTo(status.getLong("overall.onTime"));
            assertThat(Metrics.sum(after, "livelihood_reports_received", Map.of("period", "2024-10", "timeliness", "LATE")))
                    .as("late").isEqualTo(status.getLong("overall.late"));
            assertThat(Metrics.sum(after, "livelihood_reports_received", Map.of("period", "2024-10"))).isGreaterThanOrEqualTo(2);

            assertThat(Metrics.sum(after, "livelihood_outbox_published_total", Map.of("topic", Topics.PROGRESS_EVENTS))
                    - Metrics.sum(before, "livelihood_outbox_published_total", Map.of("topic", Topics.PROGRESS_EVENTS)))
                    .as("published").isGreaterThanOrEqualTo(2);
            // Since this test began: the fault tests of this class's JVM may have counted errors while they hung the broker.
            assertThat(Metrics.sum(after, "livelihood_outbox_publish_errors_total", Map.of("topic", Topics.PROGRESS_EVENTS))
                    - Metrics.sum(before, "livelihood_outbox_publish_errors_total", Map.of("topic", Topics.PROGRESS_EVENTS)))
                    .as("publish errors").isZero();
            assertThat(Metrics.sum(after, "livelihood_outbox_pending", Map.of())).isZero();
            assertThat(Metrics.sum(after, "livelihood_outbox_oldest_pending_age_seconds", Map.of())).isZero();
        });
    }

    @Test
    void httpRequestsAreCountedByRouteTemplateNotByRawPath() {
        ProjectEvents.publishKnown("OPS-4", "ops-unit", 5, "ACTIVE", "100");
        Reports.submit("ops-unit", "OPS-4", "2024-11", Reports.body("10", "10")).statusCode(201);
        // Recorded when the response ends, which may be just after the client has read it.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Metrics.Sample> http = Metrics.scrape().stream().filter(s -> s.name().startsWith("http_server_requests")).toList();
            assertThat(Metrics.sum(http, "http_server_requests_seconds_count",
                    Map.of("method", "PUT", "uri", "/projects/{projectId}/reports/{period}", "status", "201")))
                    .as("PUT by template among " + http).isGreaterThanOrEqualTo(1);
            assertThat(http).noneSatisfy(s -> assertThat(s.labels().getOrDefault("uri", "")).contains("OPS-"));
        });
    }

    @Test
    void theCatalogConsumerCountsAppliedDuplicateAndDeadLetteredRecords() {
        Map<String, String> group = Map.of("group", ProjectCatalog.CONSUMER_GROUP);
        ProjectEvents.publishKnown("OPS-5", "ops-unit", 5, "ACTIVE", "100");
        List<Metrics.Sample> before = Metrics.scrape();
        String event = ProjectEvents.publish("OPS-5", "ops-unit", 5, "ACTIVE", "200");
        TopicProbe.send(Topics.PROJECT_EVENTS, "OPS-5", event);
        TopicProbe.send(Topics.PROJECT_EVENTS, "OPS-5", "{not json");
        // Same key, so read after the three above: once its new unit sees it, they have all been dealt with.
        ProjectEvents.publishKnown("OPS-5", "ops-unit-2", 5, "ACTIVE", "200");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Metrics.Sample> after = Metrics.scrape();
            assertThat(delta(before, after, "livelihood_consumer_records_applied_total", group)).as("applied").isEqualTo(2);
            assertThat(delta(before, after, "livelihood_consumer_records_duplicates_total", group)).as("duplicates").isEqualTo(1);
            assertThat(delta(before, after, "livelihood_consumer_records_dead_lettered_total",
                    Map.of("group", ProjectCatalog.CONSUMER_GROUP, "topic", Topics.PROJECT_EVENTS))).as("dead-lettered").isEqualTo(1);
            assertThat(Metrics.has(after, "livelihood_consumer_lag", Map.of("group", ProjectCatalog.CONSUMER_GROUP,
                    "topic", Topics.PROJECT_EVENTS))).as("lag series").isTrue();
            assertThat(Metrics.sum(after, "livelihood_consumer_lag", group)).as("lag once caught up").isZero();
        });
    }

    /** Every metric the dashboard reads is exposed here, but the open alerts, which notification-service owns. */
    @Test
    void theDashboardReadsOnlyMetricsTheServicesExpose() {
        ProjectEvents.publishKnown("OPS-6", "ops-unit", 5, "ACTIVE", "100");
        Reports.submit("ops-unit", "OPS-6", "2024-09", Reports.body("10", "10")).statusCode(201);
        Set<String> wanted = new HashSet<>(Metrics.dashboardMetricNames());
        assertThat(wanted).contains("livelihood_reports_received", "livelihood_outbox_published_total");
        wanted.remove("livelihood_alerts_open");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exposed = new HashSet<>();
            Metrics.scrape().forEach(s -> exposed.add(s.name()));
            assertThat(exposed).containsAll(wanted);
        });
    }

    private static double delta(List<Metrics.Sample> before, List<Metrics.Sample> after, String name, Map<String, String> labels) {
        return Metrics.sum(after, name, labels) - Metrics.sum(before, name, labels);
    }

    private static String hex(int digits) {
        StringBuilder s = new StringBuilder(digits);
        while (s.length() < digits) {
            s.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(16)));
        }
        return s.toString();
    }
}
