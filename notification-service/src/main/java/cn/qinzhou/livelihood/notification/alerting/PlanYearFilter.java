package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.UnknownPlanYearException;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code ?year=} of the alert list and stream: the plan year whose reporting window the alerts' periods are in. */
@ApplicationScoped
public class PlanYearFilter {

    private final PlanCalendarView calendars;

    public PlanYearFilter(PlanCalendarView calendars) {
        this.calendars = calendars;
    }

    /**
     * @param year the parameter as sent
     * @return the plan year's calendar, or null when no year is asked for
     * @throws ProblemException a 400 naming {@code year}, with the plan years there are, for a year that is none
     */
    ReportingCalendar require(String year) {
        if (year == null) {
            return null;
        }
        try {
            return calendars.current().requireYear(Integer.parseInt(year.trim()));
        } catch (NumberFormatException | UnknownPlanYearException e) {
            throw ProblemException.invalid("year", "must be a plan year: " + calendars.current().describe());
        }
    }
}
