package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.WorkingDays;
import cn.qinzhou.livelihood.testsupport.PlanYears;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.stream.Collectors;

import static cn.qinzhou.livelihood.notification.PlanYear2025.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When reminders and escalations fall, by the 2025 State Council schedule (National Day 1-8 October 2025, Saturday
 * 11 October worked; no holiday around 5 July) and by the week alone. Pure rules: no service started.
 */
class PeriodDeadlineTest {

    static final WorkingDays SCHEDULE_2025 = WorkingDays.of(PlanYears.stateCouncilSchedule(2025).stream()
            .collect(Collectors.toMap(SpecialDay::date, day -> WorkingDays.Kind.valueOf(day.kind()))));
    static final ReportingCalendar PLAN_2025 = new ReportingCalendar(2025, YearMonth.of(2025, 1), YearMonth.of(2025, 12),
            5, DueRule.NEXT_WORKING_DAY, SCHEDULE_2025);
    static final ReportingCalendar PLAN_2024 = new ReportingCalendar(YearMonth.of(2024, 8), YearMonth.of(2024, 12), 5);

    @Test
    void aReminderDayOnAWeekendMovesToTheWorkingDayBefore() {
        // Due Saturday 5 July, moved to Monday 7 July; two days before is Sunday 6 July, so Friday 4 July.
        PeriodDeadline june = new PeriodDeadline(PLAN_2025, YearMonth.of(2025, 6));
        assertThat(june.reminderDay(2)).isEqualTo(LocalDate.of(2025, 7, 4));
        assertThat(june.remindsAt(at("2025-07-03T18:00:00+08:00"), 2)).isFalse();
        assertThat(june.remindsAt(at("2025-07-04T09:00:00+08:00"), 2)).isTrue();
        assertThat(june.remindsAt(at("2025-07-05T09:00:00+08:00"), 2)).as("a Saturday inside the window").isFalse();
        assertThat(june.remindsAt(at("2025-07-07T23:00:00+08:00"), 2)).as("the due day, a Monday").isTrue();
        assertThat(june.remindsAt(at("2025-07-08T00:00:00+08:00"), 2)).as("after the deadline").isFalse();
    }

    @Test
    void aReminderWindowOfHolidaysOnlyRemindsOnTheFirstWorkingDayUpToTheDueDay() {
        // The month opens on 1 October, a holiday like every day up to the 8th; due 5 October moves to the 9th.
        PeriodDeadline september = new PeriodDeadline(PLAN_2025, YearMonth.of(2025, 9));
        assertThat(september.reminderDay(2)).isEqualTo(LocalDate.of(2025, 10, 9));
        assertThat(september.remindsAt(at("2025-10-08T10:00:00+08:00"), 2)).isFalse();
        assertThat(september.remindsAt(at("2025-10-09T09:00:00+08:00"), 2)).isTrue();
    }

    @Test
    void aDueDayInsideAHolidayWithNoWorkingDayBeforeItIsNoticedOnTheLastWorkingDayBeforeTheMonthsEnd() {
        // Reporting on the day as written, 5 October 2025 (a Sunday of the National Day holiday, 1 to 8 October).
        ReportingCalendar asWritten = new ReportingCalendar(2025, YearMonth.of(2025, 1), YearMonth.of(2025, 12), 5,
                DueRule.CALENDAR_DAY, SCHEDULE_2025);
        PeriodDeadline september = new PeriodDeadline(asWritten, YearMonth.of(2025, 9));
        assertThat(september.reminderDay(2)).isEqualTo(LocalDate.of(2025, 9, 30));
        assertThat(september.remindsAt(at("2025-09-29T18:00:00+08:00"), 2)).isFalse();
        assertThat(september.remindsAt(at("2025-09-30T09:00:00+08:00"), 2)).isTrue();
        assertThat(september.remindsAt(at("2025-10-03T09:00:00+08:00"), 2)).as("inside the holiday").isFalse();
    }

    @Test
    void theWeekAloneKeepsTheReminderOnTheDayTwoDaysBeforeTheDeadlineStarts() {
        // 2024-09 due Saturday 5 October 2024: the window starts on Friday the 4th, a working day by the week alone.
        PeriodDeadline september = new PeriodDeadline(PLAN_2024, YearMonth.of(2024, 9));
        assertThat(september.reminderDay(2)).isEqualTo(LocalDate.of(2024, 10, 4));
    }

    @Test
    void overdueEscalatesOnceFiveWholeWorkingDaysHavePassedAfterTheDueDay() {
        // Due Thursday 9 October 2025: Fri 10, Sat 11 (worked), Mon 13, Tue 14, Wed 15.
        assertThat(new PeriodDeadline(PLAN_2025, YearMonth.of(2025, 9)).escalatesFrom(5))
                .isEqualTo(at("2025-10-16T00:00:00+08:00"));
        // Due Saturday 5 October 2024 by the week alone: Mon 7 to Fri 11.
        assertThat(new PeriodDeadline(PLAN_2024, YearMonth.of(2024, 9)).escalatesFrom(5))
                .isEqualTo(at("2024-10-12T00:00:00+08:00"));
    }
}
