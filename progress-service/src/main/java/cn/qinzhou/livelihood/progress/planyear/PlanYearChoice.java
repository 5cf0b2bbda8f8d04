package cn.qinzhou.livelihood.progress.planyear;

import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.PlanCalendars;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;

/**
 * Which plan year a read or a write is about, from the plan years project-service publishes as they stand now
 * (a year published while the service runs counts from then on, without a restart).
 */
@ApplicationScoped
public class PlanYearChoice {

    private final PlanCalendarView view;
    private final MovableClock clock;

    public PlanYearChoice(PlanCalendarView view, MovableClock clock) {
        this.view = view;
        this.clock = clock;
    }

    /**
     * The calendar of the plan year whose window holds the period.
     *
     * @throws cn.qinzhou.livelihood.rules.calendar.InvalidPeriodException listing the plan years, when none holds it
     */
    public ReportingCalendar ofPeriod(YearMonth period) {
        return view.current().of(period);
    }

    /**
     * The calendar of the year asked for, else of the period's plan year, else the default year; a year and a
     * period given together must agree.
     *
     * @param yearText the {@code year} query parameter, or null
     * @param period   the period asked about, or null
     */
    public ReportingCalendar of(String yearText, YearMonth period) {
        if (yearText == null || yearText.isBlank()) {
            return period == null ? defaultYear() : ofPeriod(period);
        }
        ReportingCalendar calendar = view.current().requireYear(yearText);
        if (period != null && !calendar.inPlan(period)) {
            throw ProblemException.rule("period", "progress.period.of-year", calendar.planYear(), calendar.first(),
                    calendar.last());
        }
        return calendar;
    }

    /**
     * With no year and no period asked for: the latest plan year whose first report could be sent by now (the
     * service's clock), so the year under way; before any has begun, the earliest.
     */
    public ReportingCalendar defaultYear() {
        PlanCalendars calendars = view.current();
        Instant now = clock.instant();
        return calendars.all().stream()
                .filter(c -> !now.isBefore(c.opensAt(c.first())))
                .max(Comparator.comparing(ReportingCalendar::first))
                .or(() -> calendars.all().stream().findFirst())
                .orElseThrow(() -> ProblemException.of(503, List.of(), "progress.no-plan-year"));
    }
}
