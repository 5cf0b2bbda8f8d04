package cn.qinzhou.livelihood.rules.progress;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;

import static cn.qinzhou.livelihood.rules.progress.ProgressLag.DEFAULT_RED_POINTS;
import static cn.qinzhou.livelihood.rules.progress.ProgressLag.DEFAULT_YELLOW_POINTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * At the end of June 2024 (a leap year) 182 of 366 days have gone by: the time-elapsed ratio is 49.7267...%.
 * Plans of 366 yuan make the boundaries land on whole yuan.
 */
class ProgressLagTest {

    static final YearMonth JUNE_2024 = YearMonth.of(2024, 6);
    static final BigDecimal PLAN = new BigDecimal("366");

    static ProgressLag byInvestment(String completed) {
        return ProgressLag.judge(JUNE_2024, new BigDecimal(completed), BigDecimal.ZERO, PLAN, DEFAULT_YELLOW_POINTS, DEFAULT_RED_POINTS);
    }

    @Test
    void exactlyTenPointsBehindIsYellowAndAnyLessIsNotLagging() {
        // elapsed = 182/366; 10 points behind = (182 - 36.6) / 366 of the plan = 145.4 yuan completed
        assertThat(byInvestment("145.4").severity()).isEqualTo(ProgressLag.Severity.YELLOW);
        assertThat(byInvestment("145.41").lagging()).isFalse();
    }

    @Test
    void exactlyThirtyPointsBehindIsRed() {
        // 30 points behind = 182 - 109.8 = 72.2 yuan completed
        assertThat(byInvestment("72.2").severity()).isEqualTo(ProgressLag.Severity.RED);
        assertThat(byInvestment("72.21").severity()).isEqualTo(ProgressLag.Severity.YELLOW);
    }

    @Test
    void theFiguresAreRoundedToTwoDecimalsOnlyForDisplay() {
        ProgressLag lag = byInvestment("145.4");
        assertThat(lag.elapsedPercent()).isEqualByComparingTo("49.73");
        assertThat(lag.completionPercent()).isEqualByComparingTo("39.73");
        assertThat(lag.behindPoints()).isEqualByComparingTo("10.00");
        assertThat(lag.byInvestment()).isTrue();
    }

    @Test
    void withoutAPlanTheProjectIsJudgedOnPhysicalProgress() {
        ProgressLag lag = ProgressLag.judge(JUNE_2024, BigDecimal.ZERO, new BigDecimal("20"), null,
                DEFAULT_YELLOW_POINTS, DEFAULT_RED_POINTS);
        assertThat(lag.byInvestment()).isFalse();
        assertThat(lag.completionPercent()).isEqualByComparingTo("20.00");
        assertThat(lag.severity()).isEqualTo(ProgressLag.Severity.YELLOW);
        assertThat(ProgressLag.judge(JUNE_2024, BigDecimal.ZERO, new BigDecimal("19"), BigDecimal.ZERO,
                DEFAULT_YELLOW_POINTS, DEFAULT_RED_POINTS).severity()).isEqualTo(ProgressLag.Severity.RED);
    }

    @Test
    void aProjectAheadOfTheCalendarIsNotLaggingAndShowsNegativePoints() {
        ProgressLag lag = byInvestment("300");
        assertThat(lag.lagging()).isFalse();
        assertThat(lag.behindPoints().signum()).isNegative();
    }

    @Test
    void decemberCountsTheWholeYearAsGoneBy() {
        ProgressLag lag = ProgressLag.judge(YearMonth.of(2024, 12), new BigDecimal("366"), BigDecimal.ZERO, PLAN,
                DEFAULT_YELLOW_POINTS, DEFAULT_RED_POINTS);
        assertThat(lag.elapsedPercent()).isEqualByComparingTo("100.00");
        assertThat(lag.lagging()).isFalse();
    }
}
