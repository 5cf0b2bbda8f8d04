package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.ids.TimeOrderedIds;
import cn.qinzhou.livelihood.rules.calendar.InvalidPeriodException;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.progress.catalog.CatalogProject;
import cn.qinzhou.livelihood.progress.planyear.PlanYearChoice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Takes reports and corrections; each one, its version row and its event commit together. A report identical to
 * the latest version stored is a repeat, not a correction: it is answered with that version and nothing is written.
 */
@ApplicationScoped
public class ReportService {

    /** What a submission did: stored a first version, a correction, or nothing, as it repeats the latest version. */
    public enum Outcome { CREATED, CORRECTED, UNCHANGED }

    public record Submitted(Outcome outcome, ReportView report) {
        public boolean created() {
            return outcome == Outcome.CREATED;
        }
    }

    private final PlanYearChoice planYears;
    private final MovableClock clock;
    private final Outbox outbox;
    private final ReportStore store;

    public ReportService(PlanYearChoice planYears, MovableClock clock, Outbox outbox, ReportStore store) {
        this.planYears = planYears;
        this.clock = clock;
        this.outbox = outbox;
        this.store = store;
    }

    /**
     * A first report is written without a transaction around it: one statement stores the report, its first version
     * and its event, atomic by itself, and the read before it sees what it would inside a transaction (read
     * committed: each statement reads its own snapshot; a concurrent first report of the same period loses on the
     * unique key either way). That saves the busiest path a round trip (BEGIN and COMMIT) and the transaction
     * manager's work. A correction locks its report, so it runs in a transaction; inside a caller's transaction
     * everything joins it.
     *
     * @param unitScope the only lead unit the caller may report for, or null for any
     * @param actor     the token subject, recorded beside the name the body gives
     */
    public Submitted submit(String projectId, String periodText, SubmitReportRequest request, String unitScope, String actor) {
        if (QuarkusTransaction.isActive()) {
            return submitInCurrentTransaction(projectId, periodText, request, unitScope, actor);
        }
        ReportStore.Standing standing = standing(projectId, periodText);
        if (standing.current() == null) {
            return submitOn(standing, projectId, periodText, request, unitScope, actor);
        }
        return QuarkusTransaction.requiringNew().call(() -> submitOn(standing, projectId, periodText, request, unitScope, actor));
    }

    /**
     * As {@link #submit}, in the caller's transaction and without marking it for rollback when refused: every
     * refusal is thrown before anything is written, so an all-or-nothing import can collect the refusals of
     * all its rows and then roll back the whole file.
     */
    public Submitted submitInCurrentTransaction(String projectId, String periodText, SubmitReportRequest request,
                                                String unitScope, String actor) {
        return submitOn(standing(projectId, periodText), projectId, periodText, request, unitScope, actor);
    }

    /**
     * One read finds the project and, on or before the period, its latest two reports with their latest versions:
     * this period's report, if any, and the nearest earlier one (a skipped month must not let a drop through). A
     * period that does not parse finds no report and is refused later, after the project's own checks.
     */
    private ReportStore.Standing standing(String projectId, String periodText) {
        return store.standing(projectId, parsedOrNull(periodText))
                .orElseThrow(() -> ProblemException.notFound("project", projectId));
    }

    private Submitted submitOn(ReportStore.Standing standing, String projectId, String periodText,
                               SubmitReportRequest request, String unitScope, String actor) {
        CatalogProject project = standing.project();
        checkScope(project, unitScope);
        if (project.isCancelled()) {
            throw ProblemException.conflictOf("progress.project-cancelled", projectId);
        }
        ReportingCalendar calendar = reportingCalendar(project, periodText);
        YearMonth period = ReportingCalendar.parsePeriod(periodText);
        // Only a correction locks its report, and re-reads it locked, so concurrent corrections queue.
        ReportStore.Stored current = standing.current() == null ? null : store.lockForCorrection(standing.current());
        Report report = current == null ? null : current.report();
        Report earlier = standing.earlier() == null ? null : standing.earlier().report();
        boolean reasonGiven = request.correctionReason() != null && !request.correctionReason().isBlank();
        List<Problem.Violation> violations = new ArrayList<>();
        if (request.completedInvestment() != null && request.completedInvestment().compareTo(request.completed().total()) != 0) {
            violations.add(Problem.Violation.of("completedInvestment", "progress.completed-investment.sum",
                    request.completed().total().toPlainString()));
        }
        Instant now = clock.instant();
        if (report != null && violations.isEmpty()) {
            // A repeat of the latest version (an answer lost on the way back) is answered, not stored again.
            ReportVersion latest = current.latest();
            if (latest.saysTheSameAs(toVersion(report, request, now, actor, project))) {
                return new Submitted(Outcome.UNCHANGED, view(report, project, List.of(latest), false));
            }
        }
        if (report != null && !reasonGiven) {
            violations.add(Problem.Violation.of("correctionReason", "progress.correction-reason.required", period));
        }
        ReportVersion previous = earlier == null ? null : standing.earlier().latest();
        // A project continued from last year (跨年续建) reports its investment cumulated since it began, so its first
        // report goes on from where last year's project left off. 形象进度 is not carried: it measures this year's
        // own scope of work.
        Cumulative baseline = previous != null ? new Cumulative(previous.completedInvestment,
                Messages.text("progress.baseline.earlier-report", earlier.period, previous.completedInvestment.toPlainString()))
                : project.carriedOverFrom == null ? null : carriedOverBaseline(project.carriedOverFrom).orElse(null);
        if (baseline != null && !reasonGiven && request.completed().total().compareTo(baseline.completedInvestment()) < 0) {
            violations.add(Problem.Violation.of("completed", "progress.completed.lower",
                    request.completed().total().toPlainString(), baseline.described()));
        }
        if (previous != null && !reasonGiven) {
            if (request.progressPercent().compareTo(previous.progressPercent) < 0) {
                violations.add(Problem.Violation.of("progressPercent", "progress.percent.lower",
                        request.progressPercent().toPlainString(), earlier.period, previous.progressPercent.toPlainString()));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        boolean created = report == null;
        if (created) {
            report = new Report();
            report.id = TimeOrderedIds.next(now);
            report.projectId = projectId;
            report.period = period.toString();
            report.leadUnitId = project.leadUnitId;
            report.dueAt = calendar.dueAt(period);
            report.firstReceivedAt = now;
            report.timeliness = calendar.timelinessOf(period, now);
            report.latestVersion = 1;
        } else {
            report.latestVersion++;
        }
        ReportVersion version = toVersion(report, request, now, actor, project);
        ReportEvent event = new ReportEvent(report.id, projectId, report.leadUnitId, project.programmeId,
                report.period, version.version, report.dueAt, report.firstReceivedAt, now, report.timeliness.name(),
                version.progressPercent, version.completedInvestment, version.plannedInvestment,
                version.correctionReason, version.submittedBy);
        Outbox.Row eventRow = outbox.row(Topics.PROGRESS_EVENTS, projectId, event.type(), ReportEvent.SCHEMA_VERSION, event);
        if (created) {
            store.insertFirst(report, version, eventRow);
        } else {
            store.insertCorrection(report, version, eventRow);
        }
        outbox.inserted(eventRow);
        return new Submitted(created ? Outcome.CREATED : Outcome.CORRECTED, view(report, project, List.of(version), false));
    }

    /** The period as stored, or null when the text is no period (refused by {@link #reportingCalendar}). */
    private static String parsedOrNull(String periodText) {
        try {
            return ReportingCalendar.parsePeriod(periodText).toString();
        } catch (InvalidPeriodException e) {
            return null;
        }
    }

    /**
     * The calendar of the period's plan year, once the period may be reported on now and the project belongs to
     * that year (a project of another year expects no report on it). Refused as a ProblemException here, not by
     * the mapper, so a batch or a file import reports it per item.
     */
    private ReportingCalendar reportingCalendar(CatalogProject project, String text) {
        try {
            YearMonth period = ReportingCalendar.parsePeriod(text);
            ReportingCalendar calendar = planYears.ofPeriod(period);
            calendar.requireReportable(period, clock.instant());
            if (project.year != null && !project.year.equals(calendar.planYear())) {
                throw new InvalidPeriodException("progress.period.other-year", "must be a reporting period of project "
                        + project.id + "'s plan year " + project.year + ": " + period + " belongs to plan year "
                        + calendar.planYear(), project.id, project.year, period, calendar.planYear());
            }
            return calendar;
        } catch (InvalidPeriodException e) {
            throw ProblemException.rule("period", e.key(), e.rule(), e.args());
        }
    }

    /** A cumulative completed investment a report may not fall below without a reason, and where it was reported. */
    private record Cumulative(BigDecimal completedInvestment, String described) {
    }

    /** The latest report of the project a carried-over project continues, in its latest version; none if it never reported. */
    private static Optional<Cumulative> carriedOverBaseline(String predecessorId) {
        return Report.<Report>find("projectId = ?1 order by period desc", predecessorId).<Report>firstResultOptional()
                .map(last -> {
                    BigDecimal completed = ReportVersion.<ReportVersion>findById(
                            new ReportVersion.Key(last.id, last.latestVersion)).completedInvestment;
                    return new Cumulative(completed, Messages.text("progress.baseline.carried-over",
                            completed.toPlainString(), last.period, predecessorId));
                });
    }

    /**
     * One period's report with its whole history: the API's most frequent read (a lead unit checking what it sent),
     * in one statement and no transaction to begin and commit. Refused as the other reads of a project are: 404 for
     * an unknown project, 403 for another unit's, then 400 for a malformed period and 404 for one not reported.
     */
    public ReportView one(String projectId, String periodText, String unitScope) {
        ReportStore.History found = store.history(projectId, parsedOrNull(periodText))
                .orElseThrow(() -> ProblemException.notFound("project", projectId));
        checkScope(found.project(), unitScope);
        YearMonth period = ReportingCalendar.parsePeriod(periodText);
        if (found.report() == null) {
            throw ProblemException.of(404, List.of(), "progress.report.not-found", period, projectId);
        }
        return view(found.report(), found.project(), found.versions(), true);
    }

    @Transactional
    public List<ReportView> forProject(String projectId, String unitScope) {
        CatalogProject project = knownProject(projectId, unitScope);
        return views(Report.list("projectId = ?1 order by period", projectId), Map.of(project.id, project));
    }

    /** @param yearText only the reports of that plan year's projects; null for every year's (a filter left out filters nothing) */
    @Transactional
    public List<ReportView> search(String leadUnitId, String periodText, Integer programmeId, String yearText) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (yearText != null && !yearText.isBlank()) {
            query.append(" and projectId in (select c.id from CatalogProject c where c.year = :year)");
            params.and("year", planYears.of(yearText, null).planYear());
        }
        if (leadUnitId != null) {
            query.append(" and leadUnitId = :unit");
            params.and("unit", leadUnitId);
        }
        if (periodText != null) {
            query.append(" and period = :period");
            params.and("period", ReportingCalendar.parsePeriod(periodText).toString());
        }
        if (programmeId != null) {
            query.append(" and projectId in (select c.id from CatalogProject c where c.programmeId = :programme)");
            params.and("programme", programmeId);
        }
        List<Report> reports = Report.list(query + " order by period, projectId", params);
        Map<String, CatalogProject> projects = CatalogProject.<CatalogProject>list("id in ?1",
                        reports.stream().map(r -> r.projectId).distinct().toList())
                .stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        return views(reports, projects);
    }

    /** The project as this service knows it, or 404; 403 when it belongs to another unit than the caller's. */
    public CatalogProject knownProject(String projectId, String unitScope) {
        CatalogProject project = CatalogProject.findById(projectId);
        if (project == null) {
            throw ProblemException.notFound("project", projectId);
        }
        checkScope(project, unitScope);
        return project;
    }

    private static void checkScope(CatalogProject project, String unitScope) {
        if (unitScope != null && !unitScope.equals(project.leadUnitId)) {
            throw ProblemException.forbiddenOf("platform.other-unit", Messages.phrase("project " + project.id));
        }
    }

    private List<ReportView> views(List<Report> reports, Map<String, CatalogProject> projects) {
        if (reports.isEmpty()) {
            return List.of();
        }
        Map<UUID, ReportVersion> latest = ReportVersion.<ReportVersion>list(
                        "select v from ReportVersion v, Report r where v.reportId = r.id and v.version = r.latestVersion and r.id in ?1",
                        reports.stream().map(r -> r.id).toList())
                .stream().collect(Collectors.toMap(v -> v.reportId, Function.identity()));
        return reports.stream()
                .map(r -> view(r, projects.get(r.projectId), List.of(latest.get(r.id)), false))
                .sorted(Comparator.comparing(ReportView::period).thenComparing(ReportView::projectId))
                .toList();
    }

    private static ReportView view(Report report, CatalogProject project, List<ReportVersion> versions, boolean withHistory) {
        ReportVersion latest = versions.get(versions.size() - 1);
        return new ReportView(report.projectId, project == null ? null : project.name, report.leadUnitId, report.period,
                report.dueAt, report.firstReceivedAt, report.timeliness, report.latestVersion,
                ReportView.VersionView.from(latest),
                withHistory ? versions.stream().map(ReportView.VersionView::from).toList() : null);
    }

    private static ReportVersion toVersion(Report report, SubmitReportRequest request, Instant now, String actor,
                                           CatalogProject project) {
        ReportVersion v = new ReportVersion();
        v.reportId = report.id;
        v.version = report.latestVersion;
        v.receivedAt = now;
        v.submittedBy = request.submittedBy().strip();
        v.contact = request.contact().strip();
        v.recordedBy = actor;
        v.progressPercent = request.progressPercent();
        v.completedCentral = request.completed().central();
        v.completedRegional = request.completed().regional();
        v.completedLocal = request.completed().local();
        v.completedInvestment = request.completed().total();
        v.receivedCentral = request.fundsReceived().central();
        v.receivedRegional = request.fundsReceived().regional();
        v.receivedLocal = request.fundsReceived().local();
        v.beneficiaries = request.beneficiaries();
        v.beneficiaryDescription = request.beneficiaryDescription();
        v.progressNarrative = request.progressNarrative();
        v.difficulties = request.difficulties() == null ? List.of() : List.copyOf(request.difficulties());
        v.typicalCases = request.typicalCases();
        v.correctionReason = request.correctionReason() == null || request.correctionReason().isBlank()
                ? null : request.correctionReason().strip();
        v.plannedInvestment = project.annualPlan;
        return v;
    }
}
