package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.progress.ClockMovingTest;
import cn.qinzhou.livelihood.progress.PlanYear2025;
import cn.qinzhou.livelihood.progress.ProjectEvents;
import cn.qinzhou.livelihood.progress.Reports;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

/** Each period is judged by the calendar of its own plan year, as project-service publishes the plan years. */
@QuarkusTest
class PlanYearReportingTest extends ClockMovingTest {

    static final String UNIT = "py-unit";

    @Inject
    PlanCalendarView view;

    @BeforeEach
    void the2025PlanYearIsKnown() {
        PlanYear2025.publishAndAwait(view);
    }

    @Test
    void aReportOnAPeriodOfThe2025PlanYearIsTakenAndOneOutsideEveryPlanYearIsRefusedNamingTheYears() {
        ProjectEvents.publishKnownOfYear(2025, null, "PY-1", UNIT, 3, "1000000");
        clock.moveTo(OffsetDateTime.parse("2025-04-02T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-1", "2025-03", Reports.body("20", "100000"))
                .statusCode(201)
                .body("timeliness", equalTo("ON_TIME"));

        clock.moveTo(OffsetDateTime.parse("2026-02-02T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-1", "2026-01", Reports.body("30", "200000"))
                .statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("period"))
                .body("violations[0].message", allOf(containsString("2024 (2024-08 to 2024-12)"),
                        containsString("2025 (2025-01 to 2025-12)")));
    }

    @Test
    void aProjectReportsOnlyOnThePeriodsOfItsOwnPlanYear() {
        ProjectEvents.publishKnown("PY-2", UNIT, 3, "ACTIVE", "1000000");
        clock.moveTo(OffsetDateTime.parse("2025-04-02T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-2", "2025-03", Reports.body("20", "100000"))
                .statusCode(400)
                .body("violations[0].field", equalTo("period"))
                .body("violations[0].message", containsString("plan year 2024"));
    }

    @Test
    void underNextWorkingDayThe2025SeptemberReportIsOnTimeUntilTheEndOfTheFirstWorkingDayAfterNationalDay() {
        ProjectEvents.publishKnownOfYear(2025, null, "PY-3", UNIT, 3, "1000000");
        ProjectEvents.publishKnownOfYear(2025, null, "PY-4", UNIT, 3, "1000000");
        // Due on 5 October, a holiday; 6 to 8 October are holidays too: the first working day is Thursday the 9th.
        clock.moveTo(OffsetDateTime.parse("2025-10-09T23:59:59.999999+08:00").toInstant());
        Reports.submit(UNIT, "PY-3", "2025-09", Reports.body("60", "600000"))
                .statusCode(201)
                .body("timeliness", equalTo("ON_TIME"))
                .body("dueAt", equalTo("2025-10-09T15:59:59.999999Z"));
        clock.moveTo(OffsetDateTime.parse("2025-10-10T00:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-4", "2025-09", Reports.body("60", "600000"))
                .statusCode(201)
                .body("timeliness", equalTo("LATE"))
                .body("dueAt", equalTo("2025-10-09T15:59:59.999999Z"));
    }

    @Test
    void aCarriedOverProjectsFirstReportGoesOnFromLastYearsCumulativeInvestment() {
        ProjectEvents.publishKnown("PY-24", UNIT, 4, "ACTIVE", "9000");
        ProjectEvents.publishKnownOfYear(2025, "PY-24", "PY-25", UNIT, 4, "6000");
        clock.moveTo(OffsetDateTime.parse("2025-01-03T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-24", "2024-11", Reports.body("70", "4000")).statusCode(201);
        Reports.submit(UNIT, "PY-24", "2024-12", Reports.body("90", "5000")).statusCode(201);

        clock.moveTo(OffsetDateTime.parse("2025-02-03T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-25", "2025-01", Reports.body("10", "3000"))
                .statusCode(400)
                .body("violations[0].field", equalTo("completed"))
                .body("violations[0].message", allOf(containsString("5000"), containsString("2024-12"),
                        containsString("PY-24")));
        // 形象进度 measures this year's own work: 10 % after last year's 90 % is no drop.
        Reports.submit(UNIT, "PY-25", "2025-01", Reports.body("10", "5200")).statusCode(201);
        clock.moveTo(OffsetDateTime.parse("2025-03-03T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-25", "2025-02", Reports.body("15", "5100")).statusCode(400)
                .body("violations[0].message", containsString("the 2025-01 report's 5200"));
    }

    @Test
    void theReportSearchTakesAPlanYearAndRefusesAnUnknownOneNamingTheYears() {
        ProjectEvents.publishKnown("PY-5", UNIT, 71, "ACTIVE", "1000");
        ProjectEvents.publishKnownOfYear(2025, null, "PY-6", UNIT, 71, "1000");
        clock.moveTo(OffsetDateTime.parse("2025-03-02T10:00:00+08:00").toInstant());
        Reports.submit(UNIT, "PY-5", "2024-12", Reports.body("90", "900")).statusCode(201);
        Reports.submit(UNIT, "PY-6", "2025-02", Reports.body("10", "100")).statusCode(201);

        RestApi.as(Roles.SUPERVISOR, null).queryParam("programme", 71).queryParam("year", 2025).when().get("/reports")
                .then().statusCode(200)
                .body("projectId", everyItem(equalTo("PY-6")))
                .body("size()", equalTo(1));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("programme", 71).queryParam("year", 2024).when().get("/reports")
                .then().statusCode(200)
                .body("projectId", everyItem(equalTo("PY-5")));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2023).when().get("/reports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("year"))
                .body("violations[0].message", containsString("2024 (2024-08 to 2024-12), 2025 (2025-01 to 2025-12)"));
    }
}
