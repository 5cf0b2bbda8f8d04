package cn.qinzhou.livelihood.platform.plancalendar;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.problem.ProblemMappers;
import cn.qinzhou.livelihood.rules.calendar.CalendarRuleException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A period or year the plan calendars refuse is the client's to fix: a 400 naming the {@code period} or
 * {@code year} field, with the plan years there are in the rule.
 */
public class CalendarProblems {

    @ServerExceptionMapper
    public Response refused(CalendarRuleException e) {
        return ProblemMappers.respond(ProblemException.rule(e.field(), e.key(), e.rule(), e.args()).toProblem());
    }
}
