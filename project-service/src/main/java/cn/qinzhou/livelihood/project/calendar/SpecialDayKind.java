package cn.qinzhou.livelihood.project.calendar;

/** How a listed day differs from its week (Monday-Friday working, Saturday-Sunday off). */
public enum SpecialDayKind {
    /** A day off, even on a weekday: a statutory holiday (法定节假日). */
    HOLIDAY,
    /** A Saturday or Sunday worked in exchange for a holiday's bridge days (调休上班). */
    WORKDAY
}
