package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.progress.funding.PlanVsActual;
import cn.qinzhou.livelihood.progress.rates.ReportingStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The progress bulletin (进度通报) on a period, as the data stood at {@code asOf}: only report versions
 * received up to then count, so asking again for the same period and asOf gives the same figures.
 *
 * @param reporting the reporting and on-time rates, overall, by lead unit and by programme (as /reporting-status)
 * @param overdue   projects with no report on the period although its deadline had passed at asOf (逾期未报)
 * @param lagging   projects whose latest report up to the period is behind the calendar (进度滞后), worst first
 * @param funding   planned, completed and received investment by programme and by source (as /funding-totals)
 */
public record Bulletin(String period, Instant asOf, Instant dueAt, boolean deadlinePassed, ReportingStatus reporting,
                       List<OverdueProject> overdue, List<LaggingProject> lagging, Funding funding) {

    public record OverdueProject(String projectId, String name, String leadUnitId, String leadUnitName, Instant dueAt) {
    }

    /**
     * @param reportPeriod the month of the report judged (the latest on or before the bulletin's period)
     * @param basis        INVESTMENT (completed investment against the plan recorded with the report) or
     *                     PROGRESS (physical progress, no plan amount known)
     */
    public record LaggingProject(String projectId, String name, String leadUnitId, String leadUnitName,
                                 String reportPeriod, BigDecimal completionPercent, BigDecimal elapsedPercent,
                                 BigDecimal behindPoints, String severity, String basis) {
    }

    public record Funding(PlanVsActual byProgramme, PlanVsActual bySource) {
    }
}
