package cn.qinzhou.livelihood.contracts.calendar;

import java.time.LocalDate;

/**
 * A day that does not follow the week (Monday to Friday working, Saturday and Sunday off).
 *
 * @param kind {@code HOLIDAY} (a statutory day off, even on a weekday) or {@code WORKDAY} (a weekend day that is
 *             a working day, 调休上班)
 * @param name as the State Council's schedule names it, e.g. 国庆节
 */
public record SpecialDay(LocalDate date, String kind, String name) {
}
