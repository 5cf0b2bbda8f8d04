package cn.qinzhou.livelihood.notification.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "livelihood.alerts")
public interface AlertRulesConfig {
    /** REMINDER goes out this many days before a period's deadline, on a working day. */
    @WithDefault("2")
    int reminderDaysBefore();

    /**
     * An OVERDUE alert still open after this many working days past the due day turns RED: counted in working days,
     * so a holiday after the deadline does not eat the unit's grace.
     */
    @WithDefault("5")
    int overdueEscalateAfterWorkingDays();

    /** SLOW_PROGRESS is YELLOW from this many percentage points behind the time-elapsed ratio (时序进度). */
    @WithDefault("10")
    int slowYellowPoints();

    @WithDefault("30")
    int slowRedPoints();

    /** REPEAT_LATE: late or missing in N of the unit's last M periods. */
    @WithDefault("2")
    int repeatLateN();

    @WithDefault("3")
    int repeatLateM();

    @WithDefault("60s")
    String sweepEvery();

    /**
     * A RED SLOW_PROGRESS or OVERDUE alert not resolved and never answered once this many whole working days have
     * passed after the day it first turned RED escalates one level (约谈). Working days, as for the overdue grace:
     * a holiday does not eat the unit's time to answer.
     */
    @WithDefault("5")
    int answerDueWorkingDays();
}
