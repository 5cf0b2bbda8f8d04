package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.notification.Events;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.testsupport.PlanYears;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * A second plan year, 2025, learnt from the topics while the service runs: due on the 5th, moved to the next working
 * day by the State Council's 2025 schedule (National Day 1-8 October, Saturday 11 October worked). Only projects of
 * 2025 belong to its periods, so the other tests' 2024 projects get no alert from it.
 */
@QuarkusTest
class PlanYearDeadlinesTest {

    static final PlanYearSnapshot PLAN_2025 = new PlanYearSnapshot(2025, "2025年为民办实事（测试）", "测试〔2025〕1号",
            "2025-01", "2025-12", 5, DueRule.NEXT_WORKING_DAY.name());

    @Inject
    MovableClock clock;

    @Inject
    DeadlineSweep sweep;

    @Inject
    PlanCalendarView calendars;

    @BeforeEach
    void planYear2025() {
        // Compacted by year: publishing the same plan year again changes nothing for the tests that ran before.
        PlanYears.publish(PLAN_2025);
        PlanYears.publishWorkingDays(2025, PlanYears.stateCouncilSchedule(2025));
        await().atMost(Duration.ofSeconds(30)).until(() -> calendars.current().ofYear(2025)
                .filter(calendar -> !calendar.workingDays().isWorkingDay(LocalDate.of(2025, 10, 8))).isPresent());
    }

    @AfterEach
    void systemClock() {
        clock.followSystemClock();
    }

    @Test
    void aReportDueOnAHolidayIsOverdueOnlyAfterTheNextWorkingDayAndEscalatesAfterFiveWorkingDays() {
        Events.projectOfYear(2025, "PY25-OVD", "py25-ovd");
        Events.project("PY24-BESIDE", "py24-beside", "ACTIVE", "1000");
        Events.awaitTracked("PY25-OVD");
        Events.awaitTracked("PY24-BESIDE");

        // 5 October 2025 is a Sunday of the National Day holiday: the report on September is due by the end of the 9th.
        clock.moveTo(at("2025-10-09T23:59:00+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).isEmpty();

        clock.moveTo(at("2025-10-10T00:00:00+08:00").plusNanos(1_000));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("severity", "YELLOW").containsEntry("state", "OPEN"));
        // The 2024 project is judged on 2024's periods only.
        assertThat(Events.alertsOf("PY24-BESIDE", Alert.Rule.OVERDUE))
                .extracting(a -> (String) a.get("period")).isNotEmpty().allMatch(period -> period.startsWith("2024-"));

        // Five whole working days after Thursday the 9th: Fri 10, Sat 11 (worked), Mon 13, Tue 14, Wed 15.
        clock.moveTo(at("2025-10-15T23:59:00+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement().satisfies(a -> assertThat(a).containsEntry("severity", "YELLOW"));
        clock.moveTo(at("2025-10-16T00:00:01+08:00"));
        sweep.run();
        assertThat(overdueOn("PY25-OVD", "2025-09")).singleElement().satisfies(a -> assertThat(a).containsEntry("severity", "RED"));
    }

    @Test
    void aReminderThatWouldFallOnAWeekendOrHolidayIsSentOnAWorkingDay() {
        Events.projectOfYear(2025, "PY25-REM", "py25-rem");
        Events.awaitTracked("PY25-REM");

        // June's report is due Saturday 5 July, moved to Monday the 7th. Two days before is a Sunday, so the reminder
        // day is Friday the 4th; a sweep that first runs on the Saturday after leaves it for Monday.
        clock.moveTo(at("2025-07-05T10:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-06")).isEmpty();
        clock.moveTo(at("2025-07-07T09:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-06")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("details", Map.of("dueAt", "2025-07-07", "missingProjects", List.of("PY25-REM"))));

        // September's: the days from the month's end to the 8th are all holidays, so the first working day, the 9th.
        clock.moveTo(at("2025-10-08T10:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-09")).isEmpty();
        clock.moveTo(at("2025-10-09T09:00:00+08:00"));
        sweep.run();
        assertThat(remindersOn("py25-rem", "2025-09")).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("details", Map.of("dueAt", "2025-10-09", "missingProjects", List.of("PY25-REM"))));
    }

    @Test
    void theListFiltersByPlanYearAndRefusesAYearThatIsNone() {
        Events.projectOfYear(2025, "PY25-LIST", "py25-list");
        Events.awaitTracked("PY25-LIST");
        clock.moveTo(at("2025-02-10T10:00:00+08:00"));
        sweep.run();

        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "py25-list").queryParam("year", 2025).when().get("/alerts")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].period", equalTo("2025-01"));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("leadUnit", "py25-list").queryParam("year", 2024).when().get("/alerts")
                .then().statusCode(200).body("total", equalTo(0));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2024).queryParam("size", 500).when().get("/alerts")
                .then().statusCode(200).body("items.period", not(hasItem(containsString("2025-"))));
        RestApi.as(Roles.SUPERVISOR, null).queryParam("year", 2031).when().get("/alerts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("year"))
                .body("violations[0].message", containsString("2024 (2024-08 to 2024-12)"))
                .body("violations[0].message", containsString("2025 (2025-01 to 2025-12)"));
    }

    private static List<Map<String, Object>> overdueOn(String projectId, String period) {
        return Events.alertsOf(projectId, Alert.Rule.OVERDUE).stream().filter(a -> period.equals(a.get("period"))).toList();
    }

    private static List<Map<String, Object>> remindersOn(String unit, String period) {
        return Events.alertsOf(unit, Alert.Rule.REMINDER).stream().filter(a -> period.equals(a.get("period"))).toList();
    }

    private static Instant at(String shanghai) {
        return OffsetDateTime.parse(shanghai).toInstant();
    }
}
