package cn.qinzhou.livelihood.platform.plancalendar;

import cn.qinzhou.livelihood.rules.calendar.PlanCalendars;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

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

    public record ReportingCalendarView(List<PlanYearCalendar> planYears) {
    }

    private final PlanCalendarView view;

    public ReportingCalendarResource(PlanCalendarView view) {
        this.view = view;
    }

    /** @param year only this plan year (400 naming {@code year} when there is none such) */
    @GET
    public ReportingCalendarView get(@QueryParam("year") Integer year) {
        PlanCalendars calendars = view.current();
        List<ReportingCalendar> chosen = year == null ? calendars.all() : List.of(calendars.requireYear(year));
        return new ReportingCalendarView(chosen.stream().map(ReportingCalendarResource::describe).toList());
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
