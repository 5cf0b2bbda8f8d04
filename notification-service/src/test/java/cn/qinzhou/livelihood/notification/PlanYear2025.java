package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.notification.deadlines.DeadlineSweep;
import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.testsupport.PlanYears;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.awaitility.Awaitility.await;

/**
 * A second plan year, 2025, for the tests of plan years learnt at run time: due on the 5th, moved to the next working
 * day by the State Council's 2025 schedule (National Day 1-8 October, Saturday 11 October worked). Plan years are
 * global to the service, so 2024's, which every other test relies on, is never touched; only projects of 2025 belong
 * to 2025's periods, so the other tests' projects get no alert from it. A test class on it extends this one: each
 * test starts with 2025 known and leaves the clock following the system's.
 */
public abstract class PlanYear2025 {

    public static final PlanYearSnapshot PLAN = new PlanYearSnapshot(2025, "2025年为民办实事（测试）", "测试〔2025〕1号",
            "2025-01", "2025-12", 5, DueRule.NEXT_WORKING_DAY.name());

    @Inject
    protected MovableClock clock;

    @Inject
    protected DeadlineSweep sweep;

    @Inject
    PlanCalendarView calendars;

    /** Publishes it with its working days and waits until the service knows both; publishing it again changes nothing. */
    @BeforeEach
    void publish() {
        PlanYears.publish(PLAN);
        PlanYears.publishWorkingDays(2025, PlanYears.stateCouncilSchedule(2025));
        await().atMost(Duration.ofSeconds(30)).until(() -> calendars.current().ofYear(2025)
                .filter(calendar -> !calendar.workingDays().isWorkingDay(LocalDate.of(2025, 10, 8))).isPresent());
    }

    /** An instant written with its offset, e.g. {@code 2025-10-09T23:59:00+08:00}. */
    public static Instant at(String withOffset) {
        return OffsetDateTime.parse(withOffset).toInstant();
    }

    @AfterEach
    void systemClock() {
        clock.followSystemClock();
    }
}
