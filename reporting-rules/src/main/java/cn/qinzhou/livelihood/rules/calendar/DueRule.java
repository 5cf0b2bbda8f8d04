package cn.qinzhou.livelihood.rules.calendar;

/** How a plan year words its deadline. */
public enum DueRule {
    /** The due day as written, whatever day of the week or holiday it falls on (每月5日前). */
    CALENDAR_DAY,
    /** The due day, or when it is not a working day the next one that is (遇节假日顺延). */
    NEXT_WORKING_DAY
}
