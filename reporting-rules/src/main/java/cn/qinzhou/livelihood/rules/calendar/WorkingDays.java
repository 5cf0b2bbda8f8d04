package cn.qinzhou.livelihood.rules.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which days are working days: Monday to Friday, except the statutory holidays, plus the weekend days the State
 * Council makes working days (调休上班). A year nobody entered follows the week alone.
 */
public final class WorkingDays {

    public enum Kind {
        /** A day off, even on a weekday. */
        HOLIDAY,
        /** A weekend day that is a working day. */
        WORKDAY
    }

    private static final WorkingDays WEEK_ONLY = new WorkingDays(Map.of());

    private final Map<LocalDate, Kind> specialDays;

    private WorkingDays(Map<LocalDate, Kind> specialDays) {
        this.specialDays = Map.copyOf(specialDays);
    }

    public static WorkingDays weekOnly() {
        return WEEK_ONLY;
    }

    public static WorkingDays of(Map<LocalDate, Kind> specialDays) {
        return specialDays.isEmpty() ? WEEK_ONLY : new WorkingDays(specialDays);
    }

    public boolean isWorkingDay(LocalDate date) {
        Kind special = specialDays.get(date);
        if (special != null) {
            return special == Kind.WORKDAY;
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }

    /** The date itself when it is a working day, else the next one that is. */
    public LocalDate onOrAfter(LocalDate date) {
        LocalDate day = date;
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** The working day that many working days after the date (the date itself not counted). */
    public LocalDate plusWorkingDays(LocalDate date, int workingDays) {
        LocalDate day = date;
        for (int counted = 0; counted < workingDays; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** Working days after {@code from} up to and including {@code to}; 0 when {@code to} is not after it. */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /** The special days, by date. */
    public Map<LocalDate, Kind> specialDays() {
        return new TreeMap<>(specialDays);
    }
}
