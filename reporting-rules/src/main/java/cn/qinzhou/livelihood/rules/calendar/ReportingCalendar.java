package cn.qinzhou.livelihood.rules.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reporting calendar (报送时间), in Asia/Shanghai whatever the machine's zone: a period is a calendar
 * month; its report describes the state at the month's end, may be sent from the first instant of the next
 * month, and is on time up to and including the last instant of the due day (每月5日前).
 * <p>
 * Pure rules: no clock, no configuration, no framework. A service gets one per plan year from the plan years it
 * learns ({@link PlanCalendars}) and asks it with the instant its own clock gives.
 */
public final class ReportingCalendar {

    /** Reporting deadlines and the time-elapsed ratio are defined in China Standard Time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /**
     * 23:59:59.999999, the last instant PostgreSQL's microsecond timestamps can hold: a nanosecond deadline
     * would be stored rounded up to midnight, i.e. late.
     */
    private static final LocalTime LAST_MICROSECOND = LocalTime.of(23, 59, 59, 999_999_000);

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final int planYear;
    private final YearMonth first;
    private final YearMonth last;
    private final int dueDayOfMonth;
    private final DueRule dueRule;
    private final WorkingDays workingDays;

    /** A calendar whose deadlines are the due day as written, for the plan year of its first period. */
    public ReportingCalendar(YearMonth first, YearMonth last, int dueDayOfMonth) {
        this(first.getYear(), first, last, dueDayOfMonth, DueRule.CALENDAR_DAY, WorkingDays.weekOnly());
    }

    /**
     * @param planYear      the plan year (年度) whose periods these are
     * @param first         the first reportable period of the plan
     * @param last          the last one
     * @param dueDayOfMonth reports on month M are due by the end of this day of month M+1
     * @param dueRule       whether a due day off moves to the next working day
     * @param workingDays   the working-day calendar {@link DueRule#NEXT_WORKING_DAY} follows
     */
    public ReportingCalendar(int planYear, YearMonth first, YearMonth last, int dueDayOfMonth, DueRule dueRule,
                             WorkingDays workingDays) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("the last period " + last + " is before the first " + first);
        }
        if (dueDayOfMonth < 1 || dueDayOfMonth > 28) {
            throw new IllegalArgumentException("the due day must be a day every month has (1 to 28): " + dueDayOfMonth);
        }
        this.planYear = planYear;
        this.first = first;
        this.last = last;
        this.dueDayOfMonth = dueDayOfMonth;
        this.dueRule = dueRule;
        this.workingDays = workingDays;
    }

    /**
     * Reads a period written yyyy-MM.
     *
     * @throws InvalidPeriodException naming the rule, for any other text
     */
    public static YearMonth parsePeriod(String text) {
        if (text == null || !PERIOD.matcher(text).matches()) {
            throw new InvalidPeriodException("rules.period.format", "must be a month written yyyy-MM, e.g. 2024-09");
        }
        // The pattern admits only ASCII digits and months 01-12: read directly, not through a DateTimeFormatter,
        // which cost a few percent of a submission's CPU.
        return YearMonth.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10));
    }

    /** Whether the plan asks for a report on this period. */
    public boolean inPlan(YearMonth period) {
        return !period.isBefore(first) && !period.isAfter(last);
    }

    /**
     * Checks that a report on the period may be sent at the given instant.
     *
     * @throws InvalidPeriodException naming the rule, when the period is outside the plan or not over yet
     */
    public YearMonth requireReportable(YearMonth period, Instant now) {
        if (!inPlan(period)) {
            throw new InvalidPeriodException("rules.period.outside-plan",
                    "must be a reporting period of the plan, " + first + " to " + last, first, last);
        }
        if (now.isBefore(opensAt(period))) {
            throw new InvalidPeriodException("rules.period.not-over", "is not over yet: the report on " + period
                    + " describes the state at the month's end and can be sent from " + period.plusMonths(1).atDay(1),
                    period, period.plusMonths(1).atDay(1));
        }
        return period;
    }

    /**
     * The last instant at which the report on the period is on time: the end of the due day, or under
     * {@link DueRule#NEXT_WORKING_DAY} of the first working day on or after it.
     */
    public Instant dueAt(YearMonth period) {
        return dueDate(period).atTime(LAST_MICROSECOND).atZone(ZONE).toInstant();
    }

    /** The day the report on the period is due by (its end included). */
    public LocalDate dueDate(YearMonth period) {
        LocalDate written = period.plusMonths(1).atDay(dueDayOfMonth);
        return dueRule == DueRule.NEXT_WORKING_DAY ? workingDays.onOrAfter(written) : written;
    }

    /** The first instant the report on the period can be sent: midnight starting the next month. */
    public Instant opensAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
    }

    public Timeliness timelinessOf(YearMonth period, Instant receivedAt) {
        return receivedAt.isAfter(dueAt(period)) ? Timeliness.LATE : Timeliness.ON_TIME;
    }

    public int planYear() {
        return planYear;
    }

    public int dueDayOfMonth() {
        return dueDayOfMonth;
    }

    public DueRule dueRule() {
        return dueRule;
    }

    public WorkingDays workingDays() {
        return workingDays;
    }

    public YearMonth first() {
        return first;
    }

    public YearMonth last() {
        return last;
    }

    /** The periods of the plan from the first up to the given one. */
    public List<YearMonth> periodsUpTo(YearMonth period) {
        List<YearMonth> periods = new ArrayList<>();
        for (YearMonth p = first; !p.isAfter(period) && !p.isAfter(last); p = p.plusMonths(1)) {
            periods.add(p);
        }
        return periods;
    }
}
