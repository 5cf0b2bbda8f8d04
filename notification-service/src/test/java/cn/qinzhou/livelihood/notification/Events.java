package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.notification.tracked.TrackedProject;
import cn.qinzhou.livelihood.notification.tracked.TrackedReport;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Drives the service through its real input topics, with the producers' own event records (event-contracts). */
public final class Events {

    /** Writes amounts as the producers do: {@code 10.00} stays {@code 10.00}. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    public static String project(String projectId, String unit, String status, String annualPlan) {
        return project(projectId, unit, status, annualPlan, "ProjectFundingChanged", Instant.now());
    }

    /** A project event of the given type (any of {@link ProjectEvent}'s) carrying the project as it stands. */
    public static String project(String projectId, String unit, String status, String annualPlan, String type, Instant occurredAt) {
        return project(2024, projectId, unit, status, annualPlan, type, occurredAt);
    }

    /** An active project of another plan year than the seeded 2024's. */
    public static String projectOfYear(int planYear, String projectId, String unit) {
        return project(planYear, projectId, unit, "ACTIVE", "1000", "ProjectRegistered", Instant.now());
    }

    private static String project(int planYear, String projectId, String unit, String status, String annualPlan, String type,
                                  Instant occurredAt) {
        ProjectSnapshot project = new ProjectSnapshot(projectId, planYear, 7, "生态环保惠民工程", "CITY_SELECTED",
                "项目" + projectId, unit, "单位" + unit, status, null, planOf(annualPlan), null);
        String envelope = envelope(type, 1, occurredAt, projectId, projectEvent(type, project));
        TopicProbe.send(Topics.PROJECT_EVENTS, projectId, envelope);
        return envelope;
    }

    /** A report event; returns the envelope so a test can replay the very same event. */
    public static String report(String projectId, String unit, String period, int version, Instant firstReceivedAt,
                                String progressPercent, String completed, String planned) {
        String envelope = reportEnvelope(projectId, unit, period, version, firstReceivedAt, progressPercent, completed, planned);
        send(projectId, envelope);
        return envelope;
    }

    /** The envelope {@link #report} sends, for a test that sends it its own way (with headers, in one batch). */
    public static String reportEnvelope(String projectId, String unit, String period, int version, Instant firstReceivedAt,
                                        String progressPercent, String completed, String planned) {
        ReportEvent report = new ReportEvent(UUID.randomUUID(), projectId, unit, 7, period, version, dueAt(period),
                firstReceivedAt, firstReceivedAt, firstReceivedAt.isAfter(dueAt(period)) ? "LATE" : "ON_TIME",
                new BigDecimal(progressPercent), new BigDecimal(completed), planned == null ? null : new BigDecimal(planned),
                null, "张三");
        return envelope(report.type(), ReportEvent.SCHEMA_VERSION, firstReceivedAt, projectId, report);
    }

    /** As progress-service states it: the last microsecond of the 5th of the next month in Shanghai. */
    public static Instant dueAt(String period) {
        return YearMonth.parse(period).plusMonths(1).atDay(5).atTime(23, 59, 59, 999_999_000)
                .atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    public static void send(String key, String envelope) {
        TopicProbe.send(envelope.contains("\"reportId\"") ? Topics.PROGRESS_EVENTS : Topics.PROJECT_EVENTS, key, envelope);
    }

    /** Waits until the service has applied the project's events up to a marker it can see. */
    public static void awaitTracked(String projectId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> TrackedProject.findById(projectId) != null));
    }

    public static void awaitReport(String projectId, String period, int version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> {
                    TrackedReport report = TrackedReport.findById(new TrackedReport.Key(projectId, period));
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

    private static ProjectSnapshot.Plan planOf(String annualPlan) {
        if (annualPlan == null) {
            return null;
        }
        BigDecimal amount = new BigDecimal(annualPlan);
        return new ProjectSnapshot.Plan(amount, amount, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * The event of that type; the fields beside the project are whatever the tests do not look at. A type no record
     * models carries just the project, which is all the service reads of any project event.
     */
    private static Object projectEvent(String type, ProjectSnapshot project) {
        return switch (type) {
            case "ProjectRegistered" -> new ProjectEvent.ProjectRegistered(project);
            case "ProjectFundingChanged" -> new ProjectEvent.ProjectFundingChanged(project, null, null);
            case "LeadUnitAssigned" -> new ProjectEvent.LeadUnitAssigned(project, null);
            case "AdjustmentRequested" -> new ProjectEvent.AdjustmentRequested(project, 1, "CHANGE_PLAN", null, null, null);
            case "AdjustmentApproved" -> new ProjectEvent.AdjustmentApproved(project, 1, "CHANGE_PLAN", null, null);
            case "AdjustmentRejected" -> new ProjectEvent.AdjustmentRejected(project, 1, "CHANGE_PLAN", null, null);
            case "ProjectCancelled" -> new ProjectEvent.ProjectCancelled(project, 1, null);
            default -> Map.of("project", project);
        };
    }

    private static String envelope(String type, int schemaVersion, Instant occurredAt, String aggregateId, Object payload) {
        try {
            return JSON.writeValueAsString(new EventEnvelope(UUID.randomUUID(), type, schemaVersion, occurredAt,
                    aggregateId, JSON.valueToTree(payload)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Events() {
    }
}
