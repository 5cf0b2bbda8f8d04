package cn.qinzhou.livelihood.progress.rates;

import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ClockMovingTest;
import cn.qinzhou.livelihood.progress.PlanYear2025;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Rates, plan-vs-actual and the bulletin count the projects of one plan year. Programme 72 only: two 2025 projects
 * and a 2024 one.
 */
@QuarkusTest
class PlanYearFiguresTest extends ClockMovingTest {

    static final String UNIT = "pyf-unit";

    @Inject
    PlanCalendarView view;

    @Test
    void the2025FiguresCountOnly2025ProjectsAnd2024sStayAsTheyWere() {
        PlanYear2025.publishAndAwait(view);
        ProjectEvents.publishKnown("PYF-24", UNIT, 72, "ACTIVE", "5000");
        Instant later = OffsetDateTime.parse("2025-06-01T10:00:00+08:00").toInstant();
        clock.moveTo(later);
        String status2024 = get("/reporting-status?period=2024-12");
        String totals2024 = get("/funding-totals?groupBy=programme&period=2024-12");

        ProjectEvents.publishKnownOfYear(2025, null, "PYF-1", UNIT, 72, "1000");
        ProjectEvents.publishKnownOfYear(2025, null, "PYF-2", UNIT, 72, "2000");
        clock.moveTo(OffsetDateTime.parse("2025-04-02T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PYF-1", "2025-03", Reports.body("10", "400")).statusCode(201);
        clock.moveTo(later);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("period", "2025-03").when().get("/reporting-status")
                .then().statusCode(200)
                .body("year", equalTo(2025))
                // 5 April 2025 is 清明, the 6th a Sunday: due by the end of Monday the 7th.
                .body("dueAt", equalTo("2025-04-07T15:59:59.999999Z"))
                .body("byProgramme.find { it.key == '72' }.counts.expected", equalTo(2))
                .body("byProgramme.find { it.key == '72' }.counts.onTime", equalTo(1))
                .body("missingProjectIds", hasItem("PYF-2"))
                .body("missingProjectIds", not(hasItem("PYF-24")));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2025).queryParam("groupBy", "programme")
                .when().get("/funding-totals")
                .then().statusCode(200)
                .body("year", equalTo(2025))
                .body("period", equalTo("2025-12"))
                .body("groups.find { it.key == '72' }.planned", comparesEqualTo(new BigDecimal("3000")))
                .body("groups.find { it.key == '72' }.completed", comparesEqualTo(new BigDecimal("400")))
                .body("groups.find { it.key == '72' }.projects", equalTo(2));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2025).when().get("/bulletins/2025-03")
                .then().statusCode(200)
                .body("reporting.year", equalTo(2025))
                .body("reporting.byProgramme.find { it.key == '72' }.counts.expected", equalTo(2))
                .body("overdue.projectId", hasItem("PYF-2"))
                .body("overdue.projectId", not(hasItem("PYF-24")))
                .body("funding.byProgramme.groups.find { it.key == '72' }.planned", comparesEqualTo(new BigDecimal("3000")));

        assertThat(get("/reporting-status?period=2024-12")).isEqualTo(status2024);
        assertThat(get("/funding-totals?groupBy=programme&period=2024-12")).isEqualTo(totals2024);
    }

    @Test
    void aYearThatIsNoPlanYearOrDisagreesWithThePeriodIsRefused() {
        PlanYear2025.publishAndAwait(view);
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 1999).when().get("/funding-totals")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("year"))
                .body("violations[0].message", containsString("2024 (2024-08 to 2024-12), 2025 (2025-01 to 2025-12)"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", "next").queryParam("period", "2025-03").when().get("/reporting-status")
                .then().statusCode(400).body("violations[0].field", equalTo("year"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2024).queryParam("period", "2025-03").when().get("/reporting-status")
                .then().statusCode(400).body("violations[0].field", equalTo("period"))
                .body("violations[0].message", containsString("plan year 2024, 2024-08 to 2024-12"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2024).when().get("/bulletins/2025-03")
                .then().statusCode(400).body("violations[0].field", equalTo("period"));
    }

    private static String get(String path) {
        return RestApi.as(Roles.SUPERVISOR, null).when().get(path).then().statusCode(200).extract().asString();
    }
}
