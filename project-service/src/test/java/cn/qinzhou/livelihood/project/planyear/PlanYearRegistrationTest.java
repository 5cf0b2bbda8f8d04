package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import cn.qinzhou.livelihood.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * A second plan year entered as data: its programmes, its projects (one continuing a 2024 project), its event,
 * and 2024 untouched. Registering 2025 makes it the current year for requests without {@code year} (its reporting
 * began before today), so this class runs after the other classes of the default profile, which rely on 2024
 * being the current year.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE - 1)
class PlanYearRegistrationTest {

    @Inject
    DataSource dataSource;

    private static final List<String> GROUPINGS = List.of("programme", "category", "source", "lead-unit");

    @Test
    void theSeeded2024IsAPlanYearWithTheDocumentsWindowAnnouncedOnce() {
        RestApi.as(Roles.DASHBOARD, null).when().get("/plan-years/2024")
                .then().statusCode(200)
                .body("documentReference", equalTo("钦政办〔2024〕17号"))
                .body("firstPeriod", equalTo("2024-08"))
                .body("lastPeriod", equalTo("2024-12"))
                .body("dueDayOfMonth", equalTo(5))
                .body("dueRule", equalTo("CALENDAR_DAY"))
                .body("annualPlan", comparesEqualTo(new BigDecimal("6503000000.00")))
                .body("split.central", comparesEqualTo(new BigDecimal("3569000000.00")))
                .body("programmes.size()", equalTo(10));
        // test-support's broker starts with a 2024 of its own (for the consuming services' tests): this service's
        // is the one with its outbox's event id, and the outbox holds exactly one.
        List<String> outboxIds = outboxEventIds("2024");
        assertThat(outboxIds).hasSize(1);
        JsonNode event = TopicProbe.await(Topics.PLAN_YEAR_EVENTS, seen -> outboxIds.contains(seen.headers().get("event-id")), 1,
                Duration.ofSeconds(30)).get(0).value();
        assertThat(event.path("type").asText()).isEqualTo("PlanYearRegistered");
        assertThat(event.path("aggregateId").asText()).isEqualTo("2024");
        assertThat(event.path("payload").path("planYear").path("documentReference").asText()).isEqualTo("钦政办〔2024〕17号");
        assertThat(event.path("payload").path("planYear").path("dueRule").asText()).isEqualTo("CALENDAR_DAY");
    }

    @Test
    void registering2025WithProgrammesAndProjectsIsPublishedAndLeaves2024sFiguresUnchangedToTheCent() {
        Map<String, String> before2024 = totals2024();

        var created = RestApi.as(Roles.PLANNER, null).body(planYear(2025, "2025-08", "2025-12")).when().post("/plan-years")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/plan-years/2025"))
                .body("programmes.size()", equalTo(2))
                .body("programmes[0].id", greaterThan(10))
                .body("dueRule", equalTo("NEXT_WORKING_DAY"))
                .extract().jsonPath();
        int housing = created.getInt("programmes[0].id");
        int transport = created.getInt("programmes[1].id");
        RestApi.as(Roles.PLANNER, null).body(planYear(2025, "2026-01", "2026-06")).when().post("/plan-years")
                .then().statusCode(409);

        String continued = RestApi.as(Roles.PLANNER, null).body(Map.of("year", 2025, "programmeId", housing,
                        "category", "CITY_SELECTED", "name", "2024年城市内涝整治工程（续建）", "carriedOverFrom", "P0504",
                        "funding", Map.of("totalInvestment", 30000000, "annualPlan", 12000000,
                                "split", Map.of("central", 0, "regional", 2000000, "local", 10000000))))
                .when().post("/projects")
                .then().statusCode(201)
                .body("year", equalTo(2025))
                .body("programmeName", equalTo("安居惠民工程"))
                .body("carriedOverFrom", equalTo("P0504"))
                .extract().path("id");
        // Without year, a project belongs to its programme's year.
        RestApi.as(Roles.PLANNER, null).body(Map.of("programmeId", transport, "category", "REGION_ALIGNED", "name", "农村公路日常养护"))
                .when().post("/projects")
                .then().statusCode(201).body("year", equalTo(2025)).body("carriedOverFrom", equalTo(null));
        RestApi.as(Roles.PLANNER, null).body(Map.of("year", 2024, "programmeId", transport, "category", "REGION_ALIGNED", "name", "x"))
                .when().post("/projects")
                .then().statusCode(400).body("violations[0].field", equalTo("programmeId"));
        RestApi.as(Roles.PLANNER, null).body(Map.of("year", 2025, "programmeId", transport, "category", "CITY_SELECTED",
                        "name", "续建自同年项目", "carriedOverFrom", continued))
                .when().post("/projects")
                .then().statusCode(400).body("violations[0].field", equalTo("carriedOverFrom"));

        RestApi.as(Roles.PLANNER, null).queryParam("year", 2025).when().get("/projects")
                .then().statusCode(200).body("total", equalTo(2));
        RestApi.as(Roles.PLANNER, null).queryParam("year", 2025).when().get("/programmes")
                .then().statusCode(200)
                .body("name", equalTo(List.of("安居惠民工程", "交通惠民工程")))
                .body("[0].registeredPlan", comparesEqualTo(new BigDecimal("12000000")))
                .body("[0].unallocated", comparesEqualTo(new BigDecimal("288000000.00")));
        RestApi.as(Roles.DASHBOARD, null).queryParam("year", 2025).queryParam("groupBy", "source").when().get("/funding-totals")
                .then().statusCode(200)
                .body("year", equalTo(2025))
                .body("groups[1].registeredPlan", comparesEqualTo(new BigDecimal("2000000")))
                .body("total.documentAnnualPlan", comparesEqualTo(new BigDecimal("500000000.00")));

        assertThat(totals2024()).isEqualTo(before2024);
        RestApi.as(Roles.DASHBOARD, null).queryParam("year", 2024).when().get("/funding-totals")
                .then().statusCode(200)
                .body("total.documentAnnualPlan", comparesEqualTo(new BigDecimal("6503000000.00")))
                .body("total.documentProgrammeSum", comparesEqualTo(new BigDecimal("6500000000.00")))
                .body("total.documentProjectCount", equalTo(79))
                .body("groups.size()", equalTo(10));

        JsonNode registered = TopicProbe.await(Topics.PLAN_YEAR_EVENTS, seen -> seen.key().equals("2025"), 1,
                Duration.ofSeconds(30)).get(0).value();
        assertThat(registered.path("type").asText()).isEqualTo("PlanYearRegistered");
        assertThat(registered.path("payload").path("planYear").path("firstPeriod").asText()).isEqualTo("2025-08");
        assertThat(registered.path("payload").path("planYear").path("dueDayOfMonth").asInt()).isEqualTo(5);
        JsonNode project = TopicProbe.await(Topics.PROJECT_EVENTS, seen -> seen.key().equals(continued), 1,
                Duration.ofSeconds(30)).get(0).value().path("payload").path("project");
        assertThat(project.path("year").asInt()).isEqualTo(2025);
        assertThat(project.path("carriedOverFrom").asText()).isEqualTo("P0504");

        // 2025's reporting began before today's clock: requests naming no year now mean 2025 ...
        RestApi.as(Roles.PLANNER, null).when().get("/projects").then().statusCode(200).body("total", equalTo(2));
        // ... and on a day before it began, still 2024.
        try {
            RestApi.as(Roles.OPERATOR, null).body(Map.of("to", "2025-03-01T10:00:00+08:00")).when().put("/admin/clock").then().statusCode(200);
            RestApi.as(Roles.DASHBOARD, null).when().get("/funding-totals").then().statusCode(200).body("year", equalTo(2024));
        } finally {
            RestApi.as(Roles.OPERATOR, null).when().delete("/admin/clock").then().statusCode(200);
        }
    }

    @Test
    void aWindowOverlappingAnotherYearsIsRefusedNamingThatYearAndNothingIsStored() {
        RestApi.as(Roles.PLANNER, null).body(planYear(2023, "2024-06", "2024-09")).when().post("/plan-years")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("firstPeriod"))
                .body("violations[0].message", containsString("plan year 2024"));
        RestApi.as(Roles.PLANNER, null).body(planYear(2023, "2023-12", "2023-08")).when().post("/plan-years")
                .then().statusCode(400).body("violations[0].field", equalTo("lastPeriod"));
        Map<String, Object> badPeriod = planYear(2023, "2023-13", "2023-12");
        badPeriod.put("dueDayOfMonth", 31);
        RestApi.as(Roles.PLANNER, null).body(badPeriod).when().post("/plan-years")
                .then().statusCode(400).body("violations.field", equalTo(List.of("dueDayOfMonth", "firstPeriod")));
        RestApi.as(Roles.PLANNER, null).when().get("/plan-years/2023").then().statusCode(404);
        RestApi.as(Roles.SUPERVISOR, null).body(planYear(2023, "2023-08", "2023-12")).when().post("/plan-years")
                .then().statusCode(403);
    }

    @Test
    void changingTheReportingWindowIsPublishedAndMayNotOverlapEither() {
        RestApi.as(Roles.PLANNER, null).body(planYear(2027, "2027-08", "2027-12")).when().post("/plan-years").then().statusCode(201);
        Map<String, Object> reporting = Map.of("firstPeriod", "2027-03", "lastPeriod", "2027-12", "dueDayOfMonth", 10,
                "dueRule", "CALENDAR_DAY");
        RestApi.as(Roles.PLANNER, null).body(reporting).when().put("/plan-years/2027/reporting")
                .then().statusCode(200).body("firstPeriod", equalTo("2027-03")).body("dueDayOfMonth", equalTo(10));
        RestApi.as(Roles.PLANNER, null).body(reporting).when().put("/plan-years/2027/reporting").then().statusCode(200);
        RestApi.as(Roles.PLANNER, null).body(Map.of("firstPeriod", "2024-12", "lastPeriod", "2027-12", "dueDayOfMonth", 10,
                        "dueRule", "CALENDAR_DAY"))
                .when().put("/plan-years/2027/reporting")
                .then().statusCode(400).body("violations[0].message", containsString("plan year 2024"));
        RestApi.as(Roles.PLANNER, null).body(reporting).when().put("/plan-years/2099/reporting").then().statusCode(404);

        List<TopicProbe.Seen> events = TopicProbe.await(Topics.PLAN_YEAR_EVENTS, seen -> seen.key().equals("2027"), 2,
                Duration.ofSeconds(30));
        assertThat(events).extracting(e -> e.value().path("type").asText()).containsExactly("PlanYearRegistered", "PlanYearChanged");
        assertThat(events.get(1).value().path("payload").path("planYear").path("firstPeriod").asText()).isEqualTo("2027-03");
        assertThat(events.get(1).value().path("payload").path("planYear").path("dueRule").asText()).isEqualTo("CALENDAR_DAY");
    }

    @Test
    void aYearThatIsNotRegisteredIsRefusedNamingTheRegisteredOnes() {
        for (String path : List.of("/funding-totals", "/programmes", "/projects")) {
            RestApi.as(Roles.PLANNER, null).queryParam("year", 1999).when().get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", equalTo("year"))
                    .body("violations[0].message", containsString("2024"));
        }
        RestApi.as(Roles.PLANNER, null).body(Map.of("year", 1999, "programmeId", 1, "category", "CITY_SELECTED", "name", "x"))
                .when().post("/projects")
                .then().statusCode(400).body("violations[0].field", equalTo("year"));
        RestApi.as(Roles.PLANNER, null).when().get("/plan-years/1999").then().statusCode(404);
    }

    private List<String> outboxEventIds(String year) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement(
                     "select event_id from outbox_event where topic = ? and record_key = ?")) {
            query.setString(1, Topics.PLAN_YEAR_EVENTS);
            query.setString(2, year);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> totals2024() {
        Map<String, String> totals = new HashMap<>();
        for (String grouping : GROUPINGS) {
            totals.put(grouping, RestApi.as(Roles.PLANNER, null).queryParam("year", 2024).queryParam("groupBy", grouping)
                    .when().get("/funding-totals").then().statusCode(200).extract().asString());
        }
        return totals;
    }

    /** A small plan: two programmes, 5 亿元 planned, reports due by the 5th or the next working day. */
    private static Map<String, Object> planYear(int year, String firstPeriod, String lastPeriod) {
        Map<String, Object> body = new HashMap<>();
        body.put("year", year);
        body.put("title", year + "年钦州市人民政府为民办实事实施方案");
        body.put("documentReference", "钦政办〔" + year + "〕9号");
        body.put("totalInvestment", new BigDecimal("900000000.00"));
        body.put("annualPlan", new BigDecimal("500000000.00"));
        body.put("projectCount", 12);
        body.put("split", Map.of("central", new BigDecimal("200000000.00"), "regional", new BigDecimal("100000000.00"),
                "local", new BigDecimal("200000000.00")));
        body.put("programmes", List.of(
                Map.of("name", "安居惠民工程", "nameEn", "housing", "annualPlan", new BigDecimal("300000000.00"),
                        "regionAligned", Map.of("projectCount", 2, "annualPlan", new BigDecimal("100000000.00")),
                        "citySelected", Map.of("projectCount", 4, "annualPlan", new BigDecimal("200000000.00"))),
                Map.of("name", "交通惠民工程", "nameEn", "transport", "annualPlan", new BigDecimal("200000000.00"),
                        "regionAligned", Map.of("projectCount", 1, "annualPlan", new BigDecimal("50000000.00")),
                        "citySelected", Map.of("projectCount", 5, "annualPlan", new BigDecimal("150000000.00")))));
        body.put("firstPeriod", firstPeriod);
        body.put("lastPeriod", lastPeriod);
        body.put("dueDayOfMonth", 5);
        body.put("dueRule", "NEXT_WORKING_DAY");
        return body;
    }
}
