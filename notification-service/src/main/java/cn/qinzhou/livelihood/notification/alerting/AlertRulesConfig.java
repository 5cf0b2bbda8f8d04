package cn.qinzhou.livelihood.notification.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "livelihood.alerts")
public interface AlertRulesConfig {
    /** REMINDER goes out this many days before a period's deadline. */
    @WithDefault("2")
    int reminderDaysBefore();

    /** An OVERDUE alert still open this long after the deadline turns RED. */
    @WithDefault("P5D")
    Duration overdueEscalateAfter();

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
}
