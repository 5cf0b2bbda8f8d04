package cn.qinzhou.livelihood.rules.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportingCalendarTest {

    static final ReportingCalendar PLAN_2024 = new ReportingCalendar(YearMonth.of(2024, 8), YearMonth.of(2024, 12), 5);

    @Test
    void theReportOnSeptemberIsDueAtTheLastMicrosecondOfTheFifthOfOctoberInShanghai() {
        assertThat(PLAN_2024.dueAt(YearMonth.of(2024, 9))).isEqualTo(Instant.parse("2024-10-05T15:59:59.999999Z"));
    }

    @Test
    void theLastInstantOfTheDueDayIsOnTimeAndMidnightStartingTheNextDayIsLate() {
        YearMonth september = YearMonth.of(2024, 9);
        assertThat(PLAN_2024.timelinessOf(september, Instant.parse("2024-10-05T15:59:59.999999Z"))).isEqualTo(Timeliness.ON_TIME);
        assertThat(PLAN_2024.timelinessOf(september, Instant.parse("2024-10-05T16:00:00Z"))).isEqualTo(Timeliness.LATE);
    }

    @Test
    void decemberIsDueInJanuaryOfTheNextYear() {
        assertThat(PLAN_2024.dueAt(YearMonth.of(2024, 12))).isEqualTo(Instant.parse("2025-01-05T15:59:59.999999Z"));
    }

    @Test
    void aReportOpensAtMidnightStartingTheNextMonthInShanghai() {
        YearMonth september = YearMonth.of(2024, 9);
        assertThat(PLAN_2024.opensAt(september)).isEqualTo(Instant.parse("2024-09-30T16:00:00Z"));
        assertThatThrownBy(() -> PLAN_2024.requireReportable(september, Instant.parse("2024-09-30T15:59:59.999Z")))
                .isInstanceOf(InvalidPeriodException.class).hasMessageContaining("not over yet");
        assertThat(PLAN_2024.requireReportable(september, Instant.parse("2024-09-30T16:00:00Z"))).isEqualTo(september);
    }

    @Test
    void periodsOutsideThePlanAreRefusedNamingThePlansMonths() {
        Instant later = Instant.parse("2025-06-01T00:00:00Z");
        assertThatThrownBy(() -> PLAN_2024.requireReportable(YearMonth.of(2024, 7), later))
                .isInstanceOf(InvalidPeriodException.class).hasMessage("must be a reporting period of the plan, 2024-08 to 2024-12");
        assertThatThrownBy(() -> PLAN_2024.requireReportable(YearMonth.of(2025, 1), later))
                .isInstanceOf(InvalidPeriodException.class);
        assertThat(PLAN_2024.inPlan(YearMonth.of(2024, 8))).isTrue();
        assertThat(PLAN_2024.inPlan(YearMonth.of(2024, 12))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13", "2024-00", "2024-9", "24-09", "2024/09", "2024-09-01", " 2024-09", ""})
    void onlyAMonthWrittenYyyyMmIsAPeriod(String text) {
        assertThatThrownBy(() -> ReportingCalendar.parsePeriod(text))
                .isInstanceOf(InvalidPeriodException.class).hasMessage("must be a month written yyyy-MM, e.g. 2024-09");
    }

    @Test
    void aNullPeriodIsRefusedLikeAMalformedOne() {
        assertThatThrownBy(() -> ReportingCalendar.parsePeriod(null)).isInstanceOf(InvalidPeriodException.class);
        assertThat(ReportingCalendar.parsePeriod("2024-09")).isEqualTo(YearMonth.of(2024, 9));
    }

    @Test
    void periodsUpToAMonthStartAtThePlansFirstAndStopAtItsLast() {
        assertThat(PLAN_2024.periodsUpTo(YearMonth.of(2024, 10)))
                .containsExactly(YearMonth.of(2024, 8), YearMonth.of(2024, 9), YearMonth.of(2024, 10));
        assertThat(PLAN_2024.periodsUpTo(YearMonth.of(2025, 3))).hasSize(5).last().isEqualTo(YearMonth.of(2024, 12));
        assertThat(PLAN_2024.periodsUpTo(YearMonth.of(2024, 7))).isEmpty();
    }

    @Test
    void aCalendarWhoseLastPeriodPrecedesItsFirstOrWhoseDueDayNotEveryMonthHasIsRefused() {
        assertThatThrownBy(() -> new ReportingCalendar(YearMonth.of(2024, 12), YearMonth.of(2024, 8), 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportingCalendar(YearMonth.of(2024, 8), YearMonth.of(2024, 12), 31))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
