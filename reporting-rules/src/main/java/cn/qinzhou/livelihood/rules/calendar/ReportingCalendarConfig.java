package cn.qinzhou.livelihood.rules.calendar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The plan starts reporting in September 2024 on August, and all work ends within 2024. */
@ConfigMapping(prefix = "livelihood.reporting")
public interface ReportingCalendarConfig {
    @WithDefault("2024-08")
    String firstPeriod();

    @WithDefault("2024-12")
    String lastPeriod();

    /** Reports on month M are due by the end of this day of month M+1 (每月5日前). */
    @WithDefault("5")
    int dueDayOfMonth();
}
