package cn.qinzhou.livelihood.platform.calendar;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reporting calendar, in Asia/Shanghai whatever the machine's zone: a period is a calendar month; its
 * report describes the state at the month's end, may be sent from the first instant of the next month,
 * and is on time up to and including the last instant of the due day.
 */
@ApplicationScoped
public class ReportingCalendar {

    public enum Timeliness { ON_TIME, LATE }

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final MovableClock clock;
    private final YearMonth first;
    private final YearMonth last;
    private final int dueDay;

    public ReportingCalendar(MovableClock clock, ReportingCalendarConfig config) {
        this.clock = clock;
        this.first = YearMonth.parse(config.firstPeriod());
        this.last = YearMonth.parse(config.lastPeriod());
        this.dueDay = config.dueDayOfMonth();
    }

    /** Parses and checks a period for a new report, or refuses it naming the field. */
    public YearMonth reportablePeriod(String text) {
        YearMonth period = parse(text);
        if (period.isBefore(first) || period.isAfter(last)) {
            throw ProblemException.invalid("period", "must be a reporting period of the plan, " + first + " to " + last);
        }
        if (clock.instant().isBefore(opensAt(period))) {
            throw ProblemException.invalid("period", "is not over yet: the report on " + period
                    + " describes the state at the month's end and can be sent from " + period.plusMonths(1).atDay(1));
        }
        return period;
    }

    public YearMonth parse(String text) {
        if (text == null || !PERIOD.matcher(text).matches()) {
            throw ProblemException.invalid("period", "must be a month written yyyy-MM, e.g. 2024-09");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("period", "must be a month written yyyy-MM, e.g. 2024-09");
        }
    }

    /**
     * The last instant on which the report on the period is on time: 23:59:59.999999 on the due day, the last
     * instant PostgreSQL's microsecond timestamps can hold (a nanosecond one would be stored rounded up to
     * midnight, i.e. late).
     */
    public Instant dueAt(YearMonth period) {
        return period.plusMonths(1).atDay(dueDay).atTime(LAST_MICROSECOND).atZone(MovableClock.ZONE).toInstant();
    }

    private static final LocalTime LAST_MICROSECOND = LocalTime.of(23, 59, 59, 999_999_000);

    public Instant opensAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(MovableClock.ZONE).toInstant();
    }

    public Timeliness timelinessOf(YearMonth period, Instant receivedAt) {
        return receivedAt.isAfter(dueAt(period)) ? Timeliness.LATE : Timeliness.ON_TIME;
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
