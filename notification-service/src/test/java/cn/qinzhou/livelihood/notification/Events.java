package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Drives the service through its real input topics, with events shaped as docs/topics.md says. */
public final class Events {

    public static String project(String projectId, String unit, String status, String annualPlan) {
        return project(projectId, unit, status, annualPlan, "ProjectFundingChanged", Instant.now());
    }

    public static String project(String projectId, String unit, String status, String annualPlan, String type, Instant occurredAt) {
        String plan = annualPlan == null ? "null"
                : "{\"annualPlan\": %s, \"central\": %s, \"regional\": 0, \"local\": 0}".formatted(annualPlan, annualPlan);
        String envelope = """
                {"eventId": "%s", "type": "%s", "schemaVersion": 1, "occurredAt": "%s", "aggregateId": "%s",
                 "payload": {"project": {"id": "%s", "year": 2024, "programmeId": 7, "programmeName": "生态环保惠民工程",
                 "category": "CITY_SELECTED", "name": "项目%s", "leadUnitId": "%s", "leadUnitName": "单位%s",
                 "status": "%s", "totalInvestment": null, "plan": %s, "originalPlan": null}}}"""
                .formatted(UUID.randomUUID(), type, occurredAt, projectId, projectId, projectId, unit, unit, status, plan);
        TopicProbe.send(Topics.PROJECT_EVENTS, projectId, envelope);
        return envelope;
    }

    /** A report event; returns the envelope so a test can replay the very same event. */
    public static String report(String projectId, String unit, String period, int version, Instant firstReceivedAt,
                                String progressPercent, String completed, String planned) {
        String envelope = """
                {"eventId": "%s", "type": "%s", "schemaVersion": 1, "occurredAt": "%s", "aggregateId": "%s",
                 "payload": {"reportId": "%s", "projectId": "%s", "leadUnitId": "%s", "programmeId": 7, "period": "%s",
                 "version": %d, "dueAt": "%s", "firstReceivedAt": "%s", "receivedAt": "%s", "timeliness": "%s",
                 "progressPercent": %s, "completedInvestment": %s, "plannedInvestment": %s, "correctionReason": null,
                 "submittedBy": "张三"}}"""
                .formatted(UUID.randomUUID(), version == 1 ? "ReportSubmitted" : "ReportCorrected", firstReceivedAt,
                        projectId, UUID.randomUUID(), projectId, unit, period, version, dueAt(period), firstReceivedAt,
                        firstReceivedAt, firstReceivedAt.isAfter(dueAt(period)) ? "LATE" : "ON_TIME", progressPercent, completed, planned == null ? "null" : planned);
        send(projectId, envelope);
        return envelope;
    }

    /** As progress-service states it: the last microsecond of the 5th of the next month in Shanghai. */
    public static Instant dueAt(String period) {
        return java.time.YearMonth.parse(period).plusMonths(1).atDay(5).atTime(23, 59, 59, 999_999_000)
                .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    }

    public static void send(String key, String envelope) {
        TopicProbe.send(envelope.contains("\"reportId\"") ? Topics.PROGRESS_EVENTS : Topics.PROJECT_EVENTS, key, envelope);
    }

    /** Waits until the service has applied the project's events up to a marker it can see. */
    public static void awaitTracked(String projectId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                        cn.qinzhou.livelihood.notification.tracking.TrackedProject.findById(projectId) != null));
    }

    public static void awaitReport(String projectId, String period, int version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
                    var report = cn.qinzhou.livelihood.notification.tracking.TrackedReport.<cn.qinzhou.livelihood.notification.tracking.TrackedReport>findById(
                            new cn.qinzhou.livelihood.notification.tracking.TrackedReport.Key(projectId, period));
                    return report != null && report.version >= version;
                }));
    }

    /** The alerts of a subject, as the feed shows them. */
    public static List<Map<String, Object>> alertsOf(String subjectId, Alert.Rule rule) {
        JsonPath page = RestApi.as(Roles.SUPERVISOR, null).queryParam("rule", rule).queryParam("size", 500).when().get("/alerts")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(a -> subjectId.equals(a.get("subjectId"))).toList();
    }

    private Events() {
    }
}
