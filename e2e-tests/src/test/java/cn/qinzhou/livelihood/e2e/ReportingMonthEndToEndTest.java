package cn.qinzhou.livelihood.e2e;


import cn.qinzhou.livelihood.testsupport.ServiceStack;
import cn.qinzhou.livelihood.testsupport.SseClient;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
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
 * Then a second plan year, registered through the APIs only, is reported on and judged by its own calendar while
 * 2024's figures stay as they were.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
        stack = EndToEndStacks.startingAt(ReportingMonthEndToEndTest.class, "2024-10-03T10:00:00+08:00");
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
    @Order(1)
    void aReportingMonthFromRegistrationToAlertsAndBack() throws Exception {
        // The supervision office watches the live feed on each replica of notification-service.
        String supervisor = EndToEndStacks.token("supervisor", null);
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

    /**
     * The planning office registers 2025 (deadlines moved to the next working day, 遇节假日顺延) with two projects, one
     * continuing a 2024 project; the operator imports the State Council's holidays. 2025-09's report is on time on
     * 9 October 2025 (the 5th fell in the National Day holiday) and the missing one is overdue from the 10th, while
     * 2024, by the day as written, had raised September's overdue alert on 6 October. Funding totals and the
     * bulletin of each year count that year's projects only, and 2024's figures stay the same to the cent.
     */
    @Test
    @Order(2)
    void aSecondPlanYearRegisteredThroughTheApisIsJudgedByItsOwnCalendar() throws Exception {
        String holidays = Files.readString(Paths.get(System.getProperty("livelihood.repository.root", ".."))
                .resolve("deploy/seed/cn-public-holidays-2024-2025.csv"), StandardCharsets.UTF_8);
        as("project-service", "operator", null).contentType("text/csv; charset=UTF-8").body(holidays)
                .post("/working-days/import").then().statusCode(200);

        // A 2024 report on October, then 2024's figures as they stand before 2025 exists.
        moveClocksTo("2024-11-03T10:00:00+08:00");
        as("progress-service", "lead-unit", UNIT).body(report(52, 20000)).put("/projects/P0401/reports/2024-10")
                .then().statusCode(201).body("timeliness", equalTo("ON_TIME"));
        String planned2024 = as("project-service", "planner", null).get("/funding-totals?year=2024&groupBy=programme")
                .then().statusCode(200).extract().asString();
        String totals2024 = as("progress-service", "planner", null)
                .get("/funding-totals?groupBy=programme&period=2024-10").then().statusCode(200).extract().asString();

        JsonPath year = as("project-service", "planner", null).body(Map.ofEntries(
                        Map.entry("year", 2025), Map.entry("title", "2025年钦州市人民政府为民办实事实施方案"),
                        Map.entry("documentReference", "钦政办〔2025〕9号"), Map.entry("totalInvestment", 300000),
                        Map.entry("annualPlan", 120000), Map.entry("projectCount", 2),
                        Map.entry("split", Map.of("central", 120000, "regional", 0, "local", 0)),
                        Map.entry("programmes", List.of(Map.of("name", "教育惠民工程", "nameEn", "Education",
                                "annualPlan", 120000, "regionAligned", Map.of("projectCount", 0, "annualPlan", 0),
                                "citySelected", Map.of("projectCount", 2, "annualPlan", 120000)))),
                        Map.entry("firstPeriod", "2025-01"), Map.entry("lastPeriod", "2025-12"),
                        Map.entry("dueDayOfMonth", 5), Map.entry("dueRule", "NEXT_WORKING_DAY")))
                .post("/plan-years").then().statusCode(201).extract().jsonPath();
        int programme = year.getInt("programmes[0].id");
        String continued = registerProject(programme, "幼儿园扩建（续建）", "P0401", 70000);
        String fresh = registerProject(programme, "中小学食堂改造", null, 50000);

        // progress-service learns the year, its calendar and its projects from the topics alone.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                as("progress-service", "lead-unit", UNIT).get("/projects/" + fresh + "/reports").statusCode() == 200
                        && as("progress-service", "planner", null).get("/reporting-calendar?year=2025").statusCode() == 200);
        assertThat(as("progress-service", "planner", null).get("/reporting-calendar?year=2025").jsonPath()
                .getString("planYears[0].periods.find { it.period == '2025-09' }.dueDate")).isEqualTo("2025-10-09");

        // 7 October 2025, still National Day leave: September is not due before the end of the 9th.
        moveClocksTo("2025-10-07T10:00:00+08:00");
        as("progress-service", "lead-unit", UNIT).body(report(40, 26000)).put("/projects/" + continued + "/reports/2025-09")
                .then().statusCode(201).body("timeliness", equalTo("ON_TIME"))
                .body("dueAt", equalTo("2025-10-09T15:59:59.999999Z"));
        JsonPath outside = as("progress-service", "lead-unit", UNIT).body(report(40, 26000))
                .put("/projects/" + continued + "/reports/2023-12").then().statusCode(400).extract().jsonPath();
        assertThat(outside.getString("violations[0].field")).isEqualTo("period");
        assertThat(outside.getString("violations[0].message"))
                .contains("2024 (2024-08 to 2024-12)", "2025 (2025-01 to 2025-12)");

        moveClocksTo("2025-10-09T23:00:00+08:00");
        Thread.sleep(3_000); // three sweeps
        assertThat(alert("OVERDUE", fresh, "2025-09")).as("before the moved deadline").isNull();
        moveClocksTo("2025-10-10T00:00:01+08:00");
        assertThat(awaitAlert("OVERDUE", fresh, "2025-09")).containsEntry("leadUnitId", UNIT);
        assertThat(alert("OVERDUE", continued, "2025-09")).as("reported on time").isNull();
        assertThat(as("notification-service", "supervisor", null).queryParam("year", 2025).queryParam("rule", "OVERDUE")
                .get("/alerts").jsonPath().getList("items.subjectId", String.class)).contains(fresh)
                .doesNotContain("P0402");

        // Each year's money apart; 2024's the same to the cent.
        JsonPath planned2025 = as("project-service", "planner", null).get("/funding-totals?year=2025&groupBy=programme")
                .then().statusCode(200).extract().jsonPath();
        assertThat(planned2025.getString("toString()")).doesNotContain("P0401");
        JsonPath totals2025 = as("progress-service", "planner", null).get("/funding-totals?groupBy=programme&period=2025-09")
                .then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(totals2025.getString("total.planned"))).isEqualByComparingTo("120000");
        assertThat(new BigDecimal(totals2025.getString("total.completed"))).isEqualByComparingTo("26000");
        JsonPath bulletin = as("progress-service", "supervisor", null).get("/bulletins/2025-09")
                .then().statusCode(200).extract().jsonPath();
        assertThat(bulletin.getInt("reporting.overall.expected")).isEqualTo(2);
        assertThat(as("project-service", "planner", null).get("/funding-totals?year=2024&groupBy=programme")
                .then().statusCode(200).extract().asString()).isEqualTo(planned2024);
        assertThat(as("progress-service", "planner", null).get("/funding-totals?groupBy=programme&period=2024-10")
                .then().statusCode(200).extract().asString()).isEqualTo(totals2024);
    }

    private static String registerProject(int programme, String name, String carriedOverFrom, int annualPlan) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("year", 2025, "programmeId", programme,
                "category", "CITY_SELECTED", "name", name, "leadUnitId", UNIT,
                "funding", Map.of("totalInvestment", annualPlan * 2, "annualPlan", annualPlan,
                        "split", Map.of("central", annualPlan, "regional", 0, "local", 0))));
        if (carriedOverFrom != null) {
            body.put("carriedOverFrom", carriedOverFrom);
        }
        return as("project-service", "planner", null).body(body).post("/projects").then().statusCode(201)
                .extract().path("id");
    }

    private static Map<String, Object> report(int progress, int completedCentral) {
        return Map.of("progressPercent", progress, "completed", Map.of("central", completedCentral, "regional", 0, "local", 0),
                "fundsReceived", Map.of("central", completedCentral, "regional", 0, "local", 0),
                "progressNarrative", "按计划推进", "submittedBy", "李明", "contact", "0777-2000000");
    }

    private static void moveClocksTo(String instant) {
        for (String service : ServiceStack.SERVICES) {
            as(service, "operator", null).body(Map.of("to", instant)).put("/admin/clock").then().statusCode(200);
        }
        RestAssured.given().baseUri(secondNotificationInstance).contentType(ContentType.JSON)
                .auth().oauth2(EndToEndStacks.token("operator", null)).body(Map.of("to", instant))
                .put("/admin/clock").then().statusCode(200);
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
                .auth().oauth2(EndToEndStacks.token("operator", null)).body(Map.of("to", "2024-10-06T00:00:01+08:00"))
                .put("/admin/clock").then().statusCode(200);
        Map<String, Object> overdue = awaitAlert("OVERDUE", "P0402", "2024-09");
        assertThat(overdue).containsEntry("leadUnitId", UNIT);
        // The office acknowledges it on the other replica.
        RestAssured.given().baseUri(secondNotificationInstance).contentType(ContentType.JSON)
                .auth().oauth2(EndToEndStacks.token("supervisor", null)).body(Map.of("note", "已督促"))
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
                .auth().oauth2(EndToEndStacks.token(role, unit)).log().ifValidationFails().when();
    }
}
