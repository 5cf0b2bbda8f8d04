package cn.qinzhou.livelihood.platform.plancalendar;

import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.PlanCalendars;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The reporting calendar this service judges reports by: every plan year it knows, its periods and their
 * deadlines (the working-day rule applied). Public facts of the plan, so no role is needed; the consoles build
 * their year and month choices from it.
 */
@Path("/reporting-calendar")
@PermitAll
public class ReportingCalendarResource {

    public record PeriodDeadline(String period, Instant opensAt, LocalDate dueDate, Instant dueAt) {
    }

    public record PlanYearCalendar(int year, String firstPeriod, String lastPeriod, int dueDayOfMonth, String dueRule,
                                   List<PeriodDeadline> periods) {
    }

    /**
     * @param reportingNow the newest period whose report can be sent at this service's now (the one lead units are
     *                     reporting on); null before the first period of any plan year ends
     */
    public record ReportingCalendarView(String reportingNow, List<PlanYearCalendar> planYears) {
    }

    private final PlanCalendarView view;
    private final Clock clock;

    public ReportingCalendarResource(PlanCalendarView view, MovableClock clock) {
        this.view = view;
        this.clock = clock;
    }

    /** @param year only this plan year (400 naming {@code year} when there is none such) */
    @GET
    public ReportingCalendarView get(@QueryParam("year") String year) {
        PlanCalendars calendars = view.current();
        List<ReportingCalendar> chosen = year == null ? calendars.all() : List.of(calendars.requireYear(year));
        Instant now = clock.instant();
        String reportingNow = calendars.all().stream()
                .flatMap(calendar -> calendar.periodsUpTo(calendar.last()).stream()
                        .filter(period -> !calendar.opensAt(period).isAfter(now)))
                .max(YearMonth::compareTo).map(YearMonth::toString).orElse(null);
        return new ReportingCalendarView(reportingNow, chosen.stream().map(ReportingCalendarResource::describe).toList());
    }

    private static PlanYearCalendar describe(ReportingCalendar calendar) {
        List<PeriodDeadline> periods = calendar.periodsUpTo(calendar.last()).stream()
                .map(period -> deadline(calendar, period)).toList();
        return new PlanYearCalendar(calendar.planYear(), calendar.first().toString(), calendar.last().toString(),
                calendar.dueDayOfMonth(), calendar.dueRule().name(), periods);
    }

    private static PeriodDeadline deadline(ReportingCalendar calendar, YearMonth period) {
        return new PeriodDeadline(period.toString(), calendar.opensAt(period), calendar.dueDate(period),
                calendar.dueAt(period));
    }
}
