package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.WorkingDays;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * When the deadline rules act on one period, by its plan year's calendar and working days: units are reminded and
 * alerts escalated on working days, because an office closed for a holiday can neither read nor act on them.
 */
record PeriodDeadline(ReportingCalendar calendar, YearMonth period) {

    Instant dueAt() {
        return calendar.dueAt(period);
    }

    /**
     * The day the unit is reminded from: the day that starts when {@code daysBefore} days remain until the deadline
     * (the end of the due day), or when that is no working day the working day before it, so the unit keeps at
     * least the time it is promised. Not before the month is over, though, while no report can be sent yet: then
     * the next working day up to the due day. Only when the office works on no day from the month's end to the due
     * day (a due day as written inside a long holiday) is it the last working day before the month's end, a notice
     * before the holiday.
     */
    LocalDate reminderDay(int daysBefore) {
        WorkingDays workingDays = calendar.workingDays();
        LocalDate due = calendar.dueDate(period);
        LocalDate opens = period.plusMonths(1).atDay(1);
        LocalDate nominal = due.minusDays(Math.max(0, daysBefore - 1));
        if (nominal.isBefore(opens)) {
            nominal = opens;
        }
        for (LocalDate day = nominal; !day.isBefore(opens); day = day.minusDays(1)) {
            if (workingDays.isWorkingDay(day)) {
                return day;
            }
        }
        for (LocalDate day = nominal.plusDays(1); !day.isAfter(due); day = day.plusDays(1)) {
            if (workingDays.isWorkingDay(day)) {
                return day;
            }
        }
        LocalDate day = opens.minusDays(1);
        while (!workingDays.isWorkingDay(day)) {
            day = day.minusDays(1);
        }
        return day;
    }

    /**
     * Whether a reminder may go out at {@code now}: from the reminder day up to the deadline, on a working day only
     * (a sweep catching up over a weekend leaves it for the next working day, if that is still before the deadline).
     */
    boolean remindsAt(Instant now, int daysBefore) {
        LocalDate today = now.atZone(ReportingCalendar.ZONE).toLocalDate();
        return !now.isAfter(dueAt()) && calendar.workingDays().isWorkingDay(today) && !today.isBefore(reminderDay(daysBefore));
    }

    /** An alert still open once {@code workingDays} whole working days have passed after the due day escalates. */
    Instant escalatesFrom(int workingDays) {
        return calendar.workingDays().plusWorkingDays(calendar.dueDate(period), workingDays).plusDays(1)
                .atStartOfDay(ReportingCalendar.ZONE).toInstant();
    }
}
