package cn.qinzhou.livelihood.notification.tracking;

import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.notification.alerting.AlertWriter;
import cn.qinzhou.livelihood.notification.alerting.ProgressRules;
import cn.qinzhou.livelihood.notification.deadlines.DeadlineSweep;
import cn.qinzhou.livelihood.notification.tracked.TrackedProject;
import cn.qinzhou.livelihood.notification.tracked.TrackedReport;
import cn.qinzhou.livelihood.notification.tracked.TrackedReports;
import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.inbox.EventConsumers;
import cn.qinzhou.livelihood.platform.inbox.EventHandler;
import cn.qinzhou.livelihood.platform.inbox.PoisonEventException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads both input topics and keeps what the rules need; each event is applied once (the platform skips
 * duplicates by event id) and the rules it triggers run in the same transaction.
 */
@ApplicationScoped
public class EventTracker {

    public static final String CONSUMER_GROUP = "notification-service";

    /** The run's repeat-late checks, kept with its transaction. */
    private static final Object REPEAT_LATE_CHECKS = new Object();

    private final EventConsumers consumers;
    private final ObjectMapper mapper;
    private final AlertWriter alerts;
    private final ProgressRules progressRules;
    private final DeadlineSweep sweep;
    private final PlanCalendarView calendars;
    private final TrackedReports reports;
    private final TransactionSynchronizationRegistry transaction;

    public EventTracker(EventConsumers consumers, ObjectMapper mapper, AlertWriter alerts, ProgressRules progressRules,
                        DeadlineSweep sweep, PlanCalendarView calendars, TrackedReports reports,
                        TransactionSynchronizationRegistry transaction) {
        this.consumers = consumers;
        this.mapper = mapper;
        this.alerts = alerts;
        this.progressRules = progressRules;
        this.sweep = sweep;
        this.calendars = calendars;
        this.reports = reports;
        this.transaction = transaction;
    }

    void start(@Observes @Priority(10) StartupEvent startup) {
        consumers.start(CONSUMER_GROUP, List.of(Topics.PROJECT_EVENTS, Topics.PROGRESS_EVENTS), new EventHandler() {
            @Override
            public void beforeRun(List<EventEnvelope> run) {
                EventTracker.this.beforeRun(run);
            }

            @Override
            public void handle(EventEnvelope envelope) {
                apply(envelope);
            }

            @Override
            public void afterRun() {
                EventTracker.this.afterRun();
            }
        });
    }

    /**
     * Reads what the run's events will consult, in three queries: the projects with their tracked reports, and the
     * open alerts of the projects and of their lead units (both topics are keyed by project id).
     */
    void beforeRun(List<EventEnvelope> run) {
        Set<String> projects = new LinkedHashSet<>();
        Set<String> subjects = new LinkedHashSet<>();
        for (EventEnvelope envelope : run) {
            projects.add(envelope.aggregateId());
            JsonNode unit = envelope.payload().path("leadUnitId");
            if (unit.isTextual()) {
                subjects.add(unit.asText());
            }
        }
        reports.preload(projects);
        subjects.addAll(projects);
        alerts.beginRun(subjects);
    }

    /**
     * Re-judges the repeat lateness the run's late reports may have changed, once per unit and period however many of
     * its late reports the run held (a burst after a deadline brings many), then records the run's alert changes.
     */
    void afterRun() {
        Set<RepeatLateCheck> checks = pendingChecks();
        for (RepeatLateCheck check : List.copyOf(checks)) {
            sweep.checkRepeatLate(check.calendar(), check.period(), check.leadUnitId());
        }
        checks.clear();
        alerts.endRun();
    }

    /** A unit's repeat lateness to judge on the window ending at a period, once the run's events are applied. */
    private record RepeatLateCheck(ReportingCalendar calendar, YearMonth period, String leadUnitId) {
    }

    @SuppressWarnings("unchecked")
    private Set<RepeatLateCheck> pendingChecks() {
        Set<RepeatLateCheck> checks = (Set<RepeatLateCheck>) transaction.getResource(REPEAT_LATE_CHECKS);
        if (checks == null) {
            checks = new LinkedHashSet<>();
            transaction.putResource(REPEAT_LATE_CHECKS, checks);
        }
        return checks;
    }

    void apply(EventEnvelope envelope) {
        switch (envelope.type()) {
            case ReportEvent.SUBMITTED, ReportEvent.CORRECTED -> applyReport(envelope.payloadAs(mapper, ReportEvent.class));
            default -> {
                if (envelope.payload().has("project")) {
                    applyProject(envelope);
                }
            }
        }
    }

    private void applyProject(EventEnvelope envelope) {
        ProjectSnapshot snapshot = ProjectSnapshot.of(envelope, mapper);
        TrackedProject project = TrackedProject.findById(snapshot.id());
        if (project == null) {
            project = new TrackedProject();
            project.id = snapshot.id();
        } else if (project.updatedAt != null && envelope.occurredAt() != null && envelope.occurredAt().isBefore(project.updatedAt)) {
            return;
        }
        boolean known = project.updatedAt != null;
        String previousUnit = project.leadUnitId;
        BigDecimal previousPlan = project.annualPlan;
        project.leadUnitId = snapshot.leadUnitId();
        project.leadUnitName = snapshot.leadUnitName();
        project.programmeId = snapshot.programmeId();
        project.status = snapshot.status();
        project.planYear = snapshot.year();
        project.annualPlan = snapshot.annualPlan();
        project.updatedAt = envelope.occurredAt() != null ? envelope.occurredAt() : Instant.now();
        project.persist();
        if (known && project.leadUnitId != null && !project.leadUnitId.equals(previousUnit)) {
            alerts.reassignOpen(project.id, project.leadUnitId, "lead unit " + (previousUnit == null ? "assigned" : "changed from "
                    + previousUnit) + ": now " + project.leadUnitId);
        }
        if ("CANCELLED".equals(project.status)) {
            for (Alert.Rule rule : List.of(Alert.Rule.OVERDUE, Alert.Rule.SLOW_PROGRESS, Alert.Rule.STALLED)) {
                alerts.resolveOpen(project.id, rule, null, "project cancelled");
            }
        } else if (!sameAmount(previousPlan, project.annualPlan)) {
            progressRules.evaluateLatest(project, envelope.type() + ": annual plan now "
                    + (project.annualPlan == null ? "unknown" : project.annualPlan.toPlainString()));
        }
    }

    private void applyReport(ReportEvent event) {
        if (event.projectId() == null || event.period() == null || event.firstReceivedAt() == null
                || event.progressPercent() == null || event.completedInvestment() == null) {
            throw new PoisonEventException("report event lacks projectId, period, firstReceivedAt, progressPercent or completedInvestment");
        }
        YearMonth period;
        try {
            period = ReportingCalendar.parsePeriod(event.period());
        } catch (RuntimeException e) {
            // Retrying cannot fix a malformed period: straight to the dead-letter topic, with the reason.
            throw new PoisonEventException("report event has an invalid period '" + event.period() + "'");
        }
        TrackedReport report = reports.find(event.projectId(), event.period());
        if (report != null && report.version >= event.version()) {
            return;
        }
        boolean first = report == null;
        if (first) {
            report = new TrackedReport();
            report.projectId = event.projectId();
            report.period = event.period();
        }
        report.leadUnitId = event.leadUnitId();
        report.firstReceivedAt = event.firstReceivedAt();
        report.timeliness = event.timeliness();
        report.version = event.version();
        report.progressPercent = event.progressPercent();
        report.completedInvestment = event.completedInvestment();
        report.plannedInvestment = event.plannedInvestment();
        if (first) {
            reports.add(report);
        }

        // A period of no plan year known here has no deadline to judge it by. The report is kept all the same, not
        // dead-lettered: its plan year may only not be read yet (another topic), and once it is, the sweep judges
        // the period by the received-at stored here.
        ReportingCalendar calendar = calendars.current().find(period).orElse(null);
        TrackedProject project = TrackedProject.findById(event.projectId());
        if (project == null) {
            project = new TrackedProject();
            project.id = event.projectId();
            project.leadUnitId = event.leadUnitId();
            project.programmeId = event.programmeId();
            project.status = "ACTIVE";
            // Until its own event says otherwise, the project belongs to the plan year it reports in.
            project.planYear = calendar == null ? null : calendar.planYear();
            project.updatedAt = Instant.EPOCH;
            project.persist();
        }
        if (calendar != null) {
            // Judged by when the report was received, not when this event was read.
            boolean inTime = !event.firstReceivedAt().isAfter(calendar.dueAt(period));
            alerts.resolveOpen(event.projectId(), Alert.Rule.OVERDUE, event.period(), inTime
                    ? "report received in time at " + event.firstReceivedAt() + " (its event arrived after the deadline check)"
                    : "late report received at " + event.firstReceivedAt());
            if (project.leadUnitId != null) {
                sweep.resolveReminderIfComplete(project.leadUnitId, calendar, event.period());
                if (!inTime) {
                    pendingChecks().add(new RepeatLateCheck(calendar, period, project.leadUnitId));
                }
            }
        }
        progressRules.evaluate(project, report);
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return Objects.equals(a, b) || a != null && b != null && a.compareTo(b) == 0;
    }
}
