package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.problem.ProblemMappers;
import cn.qinzhou.livelihood.rules.calendar.InvalidPeriodException;
import cn.qinzhou.livelihood.rules.calendar.UnknownPlanYearException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A period the reporting calendar refuses, or a year no plan year has, is the client's to fix: a 400 naming the
 * {@code period} or {@code year} field, with the plan years there are.
 */
public class InvalidPeriods {

    @ServerExceptionMapper
    public Response invalidPeriod(InvalidPeriodException e) {
        return ProblemMappers.respond(ProblemException.invalid("period", e.rule()).toProblem());
    }

    @ServerExceptionMapper
    public Response unknownPlanYear(UnknownPlanYearException e) {
        return ProblemMappers.respond(ProblemException.invalid("year", e.rule()).toProblem());
    }
}
