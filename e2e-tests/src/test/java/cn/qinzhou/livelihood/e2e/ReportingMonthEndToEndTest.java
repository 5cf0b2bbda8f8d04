package cn.qinzhou.livelihood.e2e;


import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import cn.qinzhou.livelihood.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The whole path across the three services, started as separate JVMs with a real broker and PostgreSQL:
 * a registration in project-service reaches progress-service, a report there reaches notification-service,
 * the slow-progress and overdue alerts appear in the feed and on the alert topic, and an approved
 * adjustment in project-service changes the slow-progress verdict. notification-service runs as two replicas
 * sharing the consumer group and the database, and the live feed of each carries the same changes in the same order.
 */
class ReportingMonthEndToEndTest {

    static final String UNIT = "qz-e2e";
    /** As an outside consumer knows it: by name (event-contracts/README.md). */
    static final String ALERT_TOPIC = "livelihood.alert.events";
    static ServiceStack stack;
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** A second replica of notification-service: the two share the consumer group, the database and the feed. */
    static String secondNotificationInstance;

    @BeforeAll
    static void startTheStack() {
        // 10:00 on 3 October 2024 in Shanghai: September's reports are open, its deadline two days away.
        stack = EndToEndStacks.startingAt("2024-10-03T10:00:00+08:00");
        stack.start(EndToEndStacks.READY_WITHIN);
        secondNotificationInstance = stack.startAnotherInstance("notification-service");
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReportingMonthFromRegistrationToAlertsAndBack() throws Exception {
        // The supervision office watches the live feed on each replica of notification-service.
        String supervisor = Tokens.forRole("supervisor", null);
        try (SseClient first = SseClient.open(stack.url("notification-service") + "/alerts/stream", supervisor, Map.of());
             SseClient second = SseClient.open(secondNotificationInstance + "/alerts/stream", supervisor, Map.of())) {
            first.await(e -> e.name().equals("position"), Duration.ofSeconds(30));
            second.await(e -> e.name().equals("position"), Duration.ofSeconds(30));
            reportingMonth();

            // Each change reached both replicas' subscribers once, in the same order, whichever replica applied it.
            for (SseClient stream : List.of(first, second)) {
                stream.await(e -> e.name().equals("RESOLVED") && e.data().contains("P0401"), Duration.ofSeconds(30));
                stream.await(e -> e.name().equals("ACKNOWLEDGED") && e.data().contains("P0402"), Duration.ofSeconds(30));
            }
            assertThat(changes(second)).isEqualTo(changes(first)).doesNotHaveDuplicates()
                    .anySatisfy(c -> assertThat(c).contains("RAISED"));
        }
    }

    private static List<String> changes(SseClient stream) {
        return stream.live().stream().filter(e -> e.id() != null)
                .map(e -> e.id() + " " + e.name() + " " + e.json().path("id").asText()).toList();
    }

    private void reportingMonth() {
        // The planning office registers the unit, its two projects' lead unit and one project's money.
        as("project-service", "planner", null).body(Map.of("id", UNIT, "name", "端到端测试单位")).post("/lead-units")
                .then().statusCode(201);
        for (String project : List.of("P0401", "P0402")) {
            as("project-service", "planner", null).body(Map.of("leadUnitId", UNIT)).put("/projects/" + project + "/lead-unit")
                    .then().statusCode(200);
        }
        as("project-service", "planner", null).body(Map.of("totalInvestment", 50000, "annualPlan", 36600,
                        "split", Map.of("central", 36600, "regional", 0, "local", 0)))
                .put("/projects/P0401/funding").then().statusCode(200);

        // progress-service learns of it from the topic alone.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                as("progress-service", "lead-unit", UNIT).get("/projects/P0401/reports").statusCode() == 200);

        // The unit reports September on time but far behind the calendar: 16,420 of 36,600 is 30 points behind.
        // Its client sends a W3C trace context: the report's whole path must stay in that one trace.
        as("progress-service", "lead-unit", UNIT).header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").body(Map.of(
                        "progressPercent", 45, "completed", Map.of("central", 16420, "regional", 0, "local", 0),
                        "fundsReceived", Map.of("central", 20000, "regional", 0, "local", 0),
                        "progressNarrative", "学前教育资源扩建工程主体施工中", "submittedBy", "李明", "contact", "0777-2000000"))
                .put("/projects/P0401/reports/2024-09")
                .then().statusCode(201).body("timeliness", equalTo("ON_TIME"));

        Map<String, Object> slow = awaitAlert("SLOW_PROGRESS", "P0401", "2024-09");
        assertThat(slow).containsEntry("severity", "RED");
        TopicProbe.Seen raised = TopicProbe.await(stack.bootstrapServers(), ALERT_TOPIC, s -> "P0401".equals(s.key())
                && s.value().path("payload").path("rule").asText().equals("SLOW_PROGRESS"), 1, Duration.ofSeconds(30)).get(0);
        // HTTP -> outbox -> livelihood.progress.events -> notification-service's consumer -> the alert's event: one trace.
        TopicProbe.Seen submitted = TopicProbe.await(stack.bootstrapServers(), "livelihood.progress.events",
                s -> "P0401".equals(s.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(submitted.headers().get("traceparent")).contains(TRACE_ID);
        assertThat(raised.headers().get("traceparent")).contains(TRACE_ID);

        // The deadline passes with no report on P0402: the overdue alert appears in the feed and on the topic.
        for (String service : ServiceStack.SERVICES) {
            as(service, "operator", null).body(Map.of("to", "2024-10-06T00:00:01+08:00")).put("/admin/clock")
                    .then().statusCode(200);
        }
        RestAssured.given().baseUri(secondNotificationInstance).contentType(ContentType.JSON)
                .auth().oauth2(Tokens.forRole("operator", null)).body(Map.of("to", "2024-10-06T00:00:01+08:00"))
                .put("/admin/clock").then().statusCode(200);
        Map<String, Object> overdue = awaitAlert("OVERDUE", "P0402", "2024-09");
        assertThat(overdue).containsEntry("leadUnitId", UNIT);
        // The office acknowledges it on the other replica.
        RestAssured.given().baseUri(secondNotificationInstance).contentType(ContentType.JSON)
                .auth().oauth2(Tokens.forRole("supervisor", null)).body(Map.of("note", "已督促"))
                .post("/alerts/" + overdue.get("id") + "/acknowledgement").then().statusCode(200);
        TopicProbe.await(stack.bootstrapServers(), ALERT_TOPIC, s -> "P0402".equals(s.key())
                && s.value().path("type").asText().equals("AlertRaised")
                && s.value().path("payload").path("rule").asText().equals("OVERDUE"), 1, Duration.ofSeconds(30));
        assertThat(awaitAlertOrNull("OVERDUE", "P0401", "2024-09")).isNull();

        // The plan is cut to 20,000 through an approved adjustment: 16,420 is then ahead of the calendar.
        int request = as("project-service", "lead-unit", UNIT).body(Map.of("kind", "CHANGE_PLAN", "annualPlan", 20000,
                        "split", Map.of("central", 20000, "regional", 0, "local", 0), "reason", "上级资金调减"))
                .post("/projects/P0401/adjustment-requests").then().statusCode(201).extract().path("id");
        as("project-service", "planner", null).body(Map.of("note", "同意")).post("/adjustment-requests/" + request + "/approval")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(alert("SLOW_PROGRESS", "P0401", "2024-09")).containsEntry("state", "RESOLVED"));
    }

    private static Map<String, Object> awaitAlert(String rule, String subject, String period) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> alert(rule, subject, period) != null);
        return alert(rule, subject, period);
    }

    private static Map<String, Object> awaitAlertOrNull(String rule, String subject, String period) {
        return alert(rule, subject, period);
    }

    private static Map<String, Object> alert(String rule, String subject, String period) {
        JsonPath page = as("notification-service", "supervisor", null).queryParam("rule", rule).queryParam("period", period)
                .queryParam("size", 500).get("/alerts").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(a -> subject.equals(a.get("subjectId"))).findFirst().orElse(null);
    }

    private static RequestSpecification as(String service, String role, String unit) {
        return RestAssured.given().baseUri(stack.url(service)).contentType(ContentType.JSON).accept(ContentType.JSON)
                .auth().oauth2(Tokens.forRole(role, unit)).log().ifValidationFails().when();
    }
}
