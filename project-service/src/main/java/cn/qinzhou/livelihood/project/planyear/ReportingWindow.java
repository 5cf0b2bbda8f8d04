package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.rules.calendar.DueRule;

import java.time.YearMonth;

/**
 * When a plan year's lead units report: every month from {@code firstPeriod} to {@code lastPeriod} (the state at
 * its end), due on {@code dueDayOfMonth} of the next month, or on the next working day after it when that day is
 * off ({@link DueRule#NEXT_WORKING_DAY}).
 */
public record ReportingWindow(YearMonth firstPeriod, YearMonth lastPeriod, int dueDayOfMonth, DueRule dueRule) {

    /** Two years reporting on the same month would make a month's report ambiguous. */
    public boolean overlaps(ReportingWindow other) {
        return !firstPeriod.isAfter(other.lastPeriod) && !other.firstPeriod.isAfter(lastPeriod);
    }

    @Override
    public String toString() {
        return firstPeriod + " to " + lastPeriod;
    }
}
