package cn.qinzhou.livelihood.progress.plancalendar;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.testsupport.PlanYears;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The calendar the service judges reports by, as the consoles and lead units read it: each plan year it learnt from
 * the plan-year topic, its periods and their deadlines. A plan year published while the service runs is there
 * without a restart, and its due days follow its own rule.
 */
@QuarkusTest
class ReportingCalendarResourceTest {

    @Test
    void theSeededPlanYearListsItsPeriodsAndTheirDeadlines() {
        JsonPath calendar = given().queryParam("year", 2024).get("/reporting-calendar")
                .then().statusCode(200).extract().jsonPath();

        assertThat(calendar.getList("planYears.year")).containsExactly(2024);
        assertThat(calendar.getList("planYears[0].periods.period"))
                .containsExactly("2024-08", "2024-09", "2024-10", "2024-11", "2024-12");
        assertThat(calendar.getString("planYears[0].dueRule")).isEqualTo("CALENDAR_DAY");
        // 5 October 2024 falls in the National Day holiday; the calendar-day rule keeps it.
        assertThat(calendar.getString("planYears[0].periods[1].dueDate")).isEqualTo("2024-10-05");
        assertThat(calendar.getString("planYears[0].periods[1].dueAt")).isEqualTo("2024-10-05T15:59:59.999999Z");
    }

    @Test
    void aPlanYearPublishedWhileRunningIsServedWithItsOwnDueRule() {
        PlanYears.publish(new PlanYearSnapshot(2030, "2030年为民办实事实施方案", "钦政办〔2030〕1号", "2030-01", "2030-12",
                5, "NEXT_WORKING_DAY"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().queryParam("year", 2030).get("/reporting-calendar").statusCode() == 200);
        JsonPath calendar = given().queryParam("year", 2030).get("/reporting-calendar").jsonPath();
        // 5 October 2030 is a Saturday: due on Monday the 7th (no holidays entered for 2030).
        assertThat(calendar.getString("planYears[0].periods.find { it.period == '2030-09' }.dueDate"))
                .isEqualTo("2030-10-07");
        assertThat(calendar.getList("planYears[0].periods")).hasSize(12);
    }

    @Test
    void aYearThatIsNoPlanYearIsRefusedNamingTheYearsThereAre() {
        JsonPath problem = given().queryParam("year", 2019).get("/reporting-calendar")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getString("violations[0].field")).isEqualTo("year");
        assertThat(problem.getString("violations[0].message")).contains("must be a plan year").contains("2024 (2024-08 to 2024-12)");
        given().queryParam("year", "二〇一九").get("/reporting-calendar")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
