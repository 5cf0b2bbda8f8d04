package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.notification.tracked.TrackedProject;
import cn.qinzhou.livelihood.notification.tracked.TrackedReport;
import cn.qinzhou.livelihood.notification.tracked.TrackedReports;
import cn.qinzhou.livelihood.rules.progress.ProgressLag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SLOW_PROGRESS and STALLED, judged on a project's latest report.
 * <p>
 * Completion is cumulative completed investment / annual plan (the current plan: an approved adjustment
 * counts from the moment it is approved), or the physical progress percent when no plan amount is known.
 * The time-elapsed ratio (时序进度) is the share of the year gone by at the end of the reported month.
 * The comparison is done in exact arithmetic, so a project exactly 10.00 points behind is YELLOW and one
 * 9.99 behind is GREEN.
 */
@ApplicationScoped
public class ProgressRules {

    private final AlertWriter alerts;
    private final AlertRulesConfig config;
    private final TrackedReports reports;

    public ProgressRules(AlertWriter alerts, AlertRulesConfig config, TrackedReports reports) {
        this.alerts = alerts;
        this.config = config;
        this.reports = reports;
    }

    /** Re-evaluates the project on its latest report, if it has one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluateLatest(TrackedProject project, String note) {
        List<TrackedReport> known = reports.of(project.id);
        if (!known.isEmpty()) {
            evaluateSlowProgress(project, known.get(0), note);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluate(TrackedProject project, TrackedReport report) {
        // The project's reports (at most one per month of the plan) serve both rules: the latest decides whether
        // this report is the one to judge, the two months before it whether the project stalled.
        List<TrackedReport> known = reports.of(project.id);
        if (!known.isEmpty() && known.get(0).period.equals(report.period)) {
            evaluateSlowProgress(project, report, "report " + report.period + " v" + report.version);
        }
        evaluateStalled(project, report, known);
    }

    void evaluateSlowProgress(TrackedProject project, TrackedReport report, String note) {
        BigDecimal plan = project.annualPlan != null && project.annualPlan.signum() > 0 ? project.annualPlan
                : report.plannedInvestment != null && report.plannedInvestment.signum() > 0 ? report.plannedInvestment : null;
        // The rule itself is platform's, so progress-service's bulletin judges lagging projects exactly the same way.
        ProgressLag lag = ProgressLag.judge(YearMonth.parse(report.period), report.completedInvestment,
                report.progressPercent, plan, config.slowYellowPoints(), config.slowRedPoints());
        Alert.Severity severity = lag.severity() == null ? null : Alert.Severity.valueOf(lag.severity().name());
        BigDecimal elapsed = lag.elapsedPercent();
        BigDecimal completion = lag.completionPercent();
        BigDecimal behind = lag.behindPoints();
        if (severity == null) {
            alerts.resolveOpen(project.id, Alert.Rule.SLOW_PROGRESS, null, "GREEN: " + behind + " points behind the calendar ("
                    + note + ")");
            return;
        }
        // A newer period's verdict supersedes an older open one; one read finds both those and this period's.
        Alert current = null;
        for (Alert open : alerts.openAlerts(project.id, Alert.Rule.SLOW_PROGRESS)) {
            if (report.period.equals(open.period)) {
                current = open;
            } else {
                alerts.resolve(open, AlertWriter.SYSTEM, "superseded by the " + report.period + " report");
            }
        }
        String basis = plan != null ? "completed investment " + report.completedInvestment.toPlainString() + " of plan "
                + plan.toPlainString() : "physical progress (no plan amount registered)";
        Finding.Verdict verdict = new Finding.Verdict(severity,
                "进度滞后: 完成 " + completion + "%, 时序进度 " + elapsed + "%, 落后 " + behind + " 个百分点",
                AlertWriter.details(detailsOf(completion, elapsed, behind, basis)));
        alerts.raiseOrUpdate(new Finding(Alert.Rule.SLOW_PROGRESS, subjectOf(project), report.period, verdict), note, current);
    }

    void evaluateStalled(TrackedProject project, TrackedReport report, List<TrackedReport> reports) {
        YearMonth period = YearMonth.parse(report.period);
        TrackedReport previous = ofPeriod(reports, period.minusMonths(1));
        TrackedReport beforeThat = ofPeriod(reports, period.minusMonths(2));
        if (previous != null && !sameState(previous, report)) {
            alerts.resolveOpen(project.id, Alert.Rule.STALLED, null, "progress moved in " + report.period);
        }
        if (previous != null && beforeThat != null && sameState(report, previous) && sameState(previous, beforeThat)) {
            Finding.Verdict verdict = new Finding.Verdict(Alert.Severity.YELLOW,
                    "项目停滞: " + beforeThat.period + " 至 " + report.period + " 进度和完成投资均无变化",
                    AlertWriter.details(Map.of("periods", List.of(beforeThat.period, previous.period, report.period),
                            "progressPercent", report.progressPercent, "completedInvestment", report.completedInvestment)));
            alerts.raiseOrUpdate(new Finding(Alert.Rule.STALLED, subjectOf(project), report.period, verdict),
                    "no change for two consecutive periods");
        }
    }

    private static Finding.Subject subjectOf(TrackedProject project) {
        return Finding.Subject.project(project.id, project.leadUnitId, project.programmeId);
    }

    private static Map<String, Object> detailsOf(BigDecimal completion, BigDecimal elapsed, BigDecimal behind,
                                                 String basis) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("completionPercent", completion);
        figures.put("elapsedPercent", elapsed);
        figures.put("behindPoints", behind);
        figures.put("basis", basis);
        return figures;
    }

    private static TrackedReport ofPeriod(List<TrackedReport> reports, YearMonth period) {
        String wanted = period.toString();
        return reports.stream().filter(r -> r.period.equals(wanted)).findFirst().orElse(null);
    }

    private static boolean sameState(TrackedReport a, TrackedReport b) {
        return a.progressPercent.compareTo(b.progressPercent) == 0
                && a.completedInvestment.compareTo(b.completedInvestment) == 0;
    }

}
