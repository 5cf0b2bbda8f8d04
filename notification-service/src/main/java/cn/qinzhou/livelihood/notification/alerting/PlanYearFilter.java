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
            return calendars.current().requireYear(year);
        } catch (UnknownPlanYearException e) {
            // As a problem, not the rule's exception: the stream is a Vert.x route, outside the REST exception mappers.
            throw ProblemException.rule("year", e.key(), e.rule(), e.args());
        }
    }
}
