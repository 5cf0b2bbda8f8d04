package cn.qinzhou.livelihood.rules.calendar;

public enum DueRule {
    CALENDAR_DAY, NEXT_WORKING_DAY
}
