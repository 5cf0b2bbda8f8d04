package cn.qinzhou.livelihood.progress;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.testsupport.PlanYears;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;

import static org.awaitility.Awaitility.await;

/**
 * The 2025 plan year the tests of plan years share. A plan year is global state for every test class of the JVM, so
 * this one has a window of its own (2025-01 to 2025-12) and 2024's stays as RealInfrastructure published it.
 * Deadlines move to the next working day (遇节假日顺延) by the State Council's 2025 schedule.
 */
public final class PlanYear2025 {

    public static final PlanYearSnapshot PLAN = new PlanYearSnapshot(2025, "2025年钦州市人民政府为民办实事实施方案",
            "钦政办〔2025〕8号", "2025-01", "2025-12", 5, "NEXT_WORKING_DAY");

    /**
     * Publishes the plan year and its working days (the same state again when already there: the topics are
     * compacted by year) and waits until the service judges 2025's periods by them.
     */
    public static void publishAndAwait(PlanCalendarView view) {
        PlanYears.publish(PLAN);
        PlanYears.publishWorkingDays(2025, PlanYears.stateCouncilSchedule(2025));
        // National Day 2025 runs to 8 October: the 2025-09 report is due on the 9th once both events are read.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                view.current().find(YearMonth.of(2025, 9))
                        .map(calendar -> calendar.dueDate(YearMonth.of(2025, 9)).equals(LocalDate.of(2025, 10, 9)))
                        .orElse(false));
    }

    private PlanYear2025() {
    }
}
