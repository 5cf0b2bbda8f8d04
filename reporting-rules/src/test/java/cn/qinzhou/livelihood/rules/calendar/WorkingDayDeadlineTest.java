package cn.qinzhou.livelihood.rules.calendar;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deadlines under "by the 5th; on a holiday, the next working day" (遇节假日顺延), with the State Council's 2024 and
 * 2025 schedules as operators import them; and the same periods under the calendar-day rule, unchanged.
 */
class WorkingDayDeadlineTest {

    static final WorkingDays SCHEDULES = stateCouncilSchedules();

    static final ReportingCalendar PLAN_2024_NEXT_WORKING_DAY = new ReportingCalendar(2024, YearMonth.of(2024, 8),
            YearMonth.of(2024, 12), 5, DueRule.NEXT_WORKING_DAY, SCHEDULES);
    static final ReportingCalendar PLAN_2025_NEXT_WORKING_DAY = new ReportingCalendar(2025, YearMonth.of(2025, 1),
            YearMonth.of(2025, 12), 5, DueRule.NEXT_WORKING_DAY, SCHEDULES);
    static final ReportingCalendar PLAN_2024_CALENDAR_DAY = new ReportingCalendar(2024, YearMonth.of(2024, 8),
            YearMonth.of(2024, 12), 5, DueRule.CALENDAR_DAY, SCHEDULES);

    @Test
    void september2024IsDueOnTheFirstWorkingDayAfterTheNationalDayHoliday() {
        YearMonth september = YearMonth.of(2024, 9);

        assertThat(PLAN_2024_NEXT_WORKING_DAY.dueDate(september)).isEqualTo(LocalDate.of(2024, 10, 8));
        assertThat(PLAN_2024_NEXT_WORKING_DAY.timelinessOf(september, at("2024-10-08T23:59:59.999999+08:00")))
                .isEqualTo(Timeliness.ON_TIME);
        assertThat(PLAN_2024_NEXT_WORKING_DAY.timelinessOf(september, at("2024-10-09T00:00:00+08:00")))
                .isEqualTo(Timeliness.LATE);
    }

    @Test
    void september2025IsDueOnTheNinthAfterTheEightDayHoliday() {
        YearMonth september = YearMonth.of(2025, 9);

        assertThat(PLAN_2025_NEXT_WORKING_DAY.dueDate(september)).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(PLAN_2025_NEXT_WORKING_DAY.timelinessOf(september, at("2025-10-09T23:59:59.999999+08:00")))
                .isEqualTo(Timeliness.ON_TIME);
        assertThat(PLAN_2025_NEXT_WORKING_DAY.timelinessOf(september, at("2025-10-10T00:00:00+08:00")))
                .isEqualTo(Timeliness.LATE);
    }

    @Test
    void anAdjustedWorkingSaturdayIsAWorkingDay() {
        // 2025-02-08, a Saturday, was worked in exchange for the Spring Festival (春节调休上班).
        assertThat(LocalDate.of(2025, 2, 8).getDayOfWeek().getValue()).isEqualTo(6);
        assertThat(SCHEDULES.isWorkingDay(LocalDate.of(2025, 2, 8))).isTrue();
        assertThat(SCHEDULES.isWorkingDay(LocalDate.of(2025, 2, 15))).as("an ordinary Saturday").isFalse();
        assertThat(SCHEDULES.isWorkingDay(LocalDate.of(2024, 10, 1))).as("国庆节, a Tuesday").isFalse();
        assertThat(SCHEDULES.onOrAfter(LocalDate.of(2025, 2, 8))).isEqualTo(LocalDate.of(2025, 2, 8));
        // Spring Festival leave ends on the 4th: January 2025 stays due on Wednesday the 5th.
        assertThat(PLAN_2025_NEXT_WORKING_DAY.dueDate(YearMonth.of(2025, 1))).isEqualTo(LocalDate.of(2025, 2, 5));
    }

    @Test
    void aDueDayOnAWorkingDayStaysWhereItIs() {
        // 5 December 2024 is a Thursday.
        assertThat(PLAN_2024_NEXT_WORKING_DAY.dueDate(YearMonth.of(2024, 11))).isEqualTo(LocalDate.of(2024, 12, 5));
    }

    @Test
    void aDueDayOnAnOrdinaryWeekendMovesToMonday() {
        // 5 January 2025 is a Sunday; the plan of 2024 reports on December 2024 then.
        assertThat(PLAN_2024_NEXT_WORKING_DAY.dueDate(YearMonth.of(2024, 12))).isEqualTo(LocalDate.of(2025, 1, 6));
    }

    @Test
    void theCalendarDayRuleKeepsTheDayAsWrittenWhateverTheHolidays() {
        for (YearMonth period = YearMonth.of(2024, 8); !period.isAfter(YearMonth.of(2024, 12)); period = period.plusMonths(1)) {
            assertThat(PLAN_2024_CALENDAR_DAY.dueAt(period))
                    .isEqualTo(new ReportingCalendar(YearMonth.of(2024, 8), YearMonth.of(2024, 12), 5).dueAt(period));
        }
        assertThat(PLAN_2024_CALENDAR_DAY.timelinessOf(YearMonth.of(2024, 9), at("2024-10-06T00:00:00+08:00")))
                .isEqualTo(Timeliness.LATE);
    }

    @Test
    void workingDaysAreCountedAcrossHolidays() {
        // From Monday 30 September 2024, three working days on: 8, 9 and 10 October (1-7 October off).
        assertThat(SCHEDULES.plusWorkingDays(LocalDate.of(2024, 9, 30), 3)).isEqualTo(LocalDate.of(2024, 10, 10));
        assertThat(SCHEDULES.workingDaysBetween(LocalDate.of(2024, 9, 30), LocalDate.of(2024, 10, 10))).isEqualTo(3);
    }

    @Test
    void aPeriodIsJudgedByThePlanYearWhoseWindowHoldsIt() {
        PlanCalendars plans = new PlanCalendars(java.util.List.of(PLAN_2025_NEXT_WORKING_DAY, PLAN_2024_CALENDAR_DAY));

        assertThat(plans.of(YearMonth.of(2024, 9)).planYear()).isEqualTo(2024);
        assertThat(plans.of(YearMonth.of(2025, 9)).planYear()).isEqualTo(2025);
        assertThat(plans.years()).containsExactly(2024, 2025);
        assertThatThrownBy(() -> plans.of(YearMonth.of(2024, 7)))
                .isInstanceOf(InvalidPeriodException.class)
                .hasMessage("must be a reporting period of a plan year: 2024 (2024-08 to 2024-12), 2025 (2025-01 to 2025-12)");
        assertThatThrownBy(() -> plans.requireYear(2026))
                .isInstanceOf(UnknownPlanYearException.class)
                .hasMessageContaining("must be a plan year: 2024");
        assertThat(plans.requireYear(" 2025 ").planYear()).isEqualTo(2025);
        assertThatThrownBy(() -> plans.requireYear("二〇二五"))
                .isInstanceOf(UnknownPlanYearException.class)
                .hasMessage("must be a plan year: 2024 (2024-08 to 2024-12), 2025 (2025-01 to 2025-12)");
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    /** The shared schedule file, as an operator imports it: comment lines, a header, then date,kind,name. */
    private static WorkingDays stateCouncilSchedules() {
        Map<LocalDate, WorkingDays.Kind> days = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                WorkingDayDeadlineTest.class.getResourceAsStream("/cn-public-holidays-2024-2025.csv"), StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.startsWith("#") && !line.startsWith("date,") && !line.isBlank())
                    .map(line -> line.split(","))
                    .forEach(cells -> days.put(LocalDate.parse(cells[0]), WorkingDays.Kind.valueOf(cells[1])));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return WorkingDays.of(days);
    }
}
