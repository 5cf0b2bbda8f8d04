package cn.qinzhou.livelihood.notification.deadlines;

import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.notification.alerting.AlertChange;
import cn.qinzhou.livelihood.notification.alerting.AlertRulesConfig;
import cn.qinzhou.livelihood.notification.alerting.AlertWriter;
import cn.qinzhou.livelihood.notification.alerting.Finding;
import cn.qinzhou.livelihood.notification.alerting.UnansweredEscalation;
import cn.qinzhou.livelihood.platform.plancalendar.PlanCalendarView;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The deadline rules (REMINDER, OVERDUE and its escalation, REPEAT_LATE) and the escalation of RED alerts left
 * unanswered ({@link UnansweredEscalation}), run by the scheduler and once just after start to catch up. Each
 * check is one set-based statement per period, whatever the number of projects, and idempotent: an alert that
 * exists (in any state) for the subject, rule and period is never raised again. A period is judged by the calendar
 * of its plan year, read afresh each run (a plan year published later is swept from its next run), and only for the
 * projects of that plan year.
 */
@ApplicationScoped
public class DeadlineSweep {

    private static final Logger LOG = Logger.getLogger(DeadlineSweep.class);

    private final EntityManager em;
    private final AlertWriter alerts;
    private final PlanCalendarView calendars;
    private final AlertRulesConfig config;
    private final MovableClock clock;
    private final ObjectMapper json;
    private final UnansweredEscalation unansweredEscalation;

    public DeadlineSweep(EntityManager em, AlertWriter alerts, PlanCalendarView calendars, AlertRulesConfig config,
                         MovableClock clock, ObjectMapper json, UnansweredEscalation unansweredEscalation) {
        this.unansweredEscalation = unansweredEscalation;
        this.em = em;
        this.alerts = alerts;
        this.calendars = calendars;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** @param unanswered RED alerts escalated to 约谈 for want of an answer ({@link UnansweredEscalation}) */
    public record Result(int reminders, int overdue, int escalated, int repeatLate, int unanswered) {

        static final Result NONE = new Result(0, 0, 0, 0, 0);

        Result plus(Result other) {
            return new Result(reminders + other.reminders, overdue + other.overdue, escalated + other.escalated,
                    repeatLate + other.repeatLate, unanswered + other.unanswered);
        }
    }

    // After the consumers (priority 10) and after the plan calendars' follower has started (the default priority):
    // the catch-up reads the plan years, which would otherwise wait for a follower not yet there. It runs beside the
    // service, not before it is ready: it waits for the follower to read the plan-year topics to their end, and
    // nothing the service answers needs it done (a report's rules read the calendars themselves; run() is
    // synchronized, so the scheduled sweep queues behind it).
    void catchUp(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent startup) {
        Thread catchUp = new Thread(() -> {
            try {
                LOG.infof("deadline sweep at start: %s", run());
            } catch (RuntimeException e) {
                LOG.warnf("deadline sweep at start failed, the scheduled sweep will catch up: %s", e.toString());
            }
        }, "deadline-catch-up");
        catchUp.setDaemon(true);
        catchUp.start();
    }

    @Scheduled(every = "${livelihood.alerts.sweep-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long started = System.nanoTime();
        Result result = run();
        // Quiet runs stay out of the log; a run that changed alerts says what and how long it took
        // (the benchmarks read the sweep time from this line).
        if (result.reminders() + result.overdue() + result.escalated() + result.repeatLate() + result.unanswered() > 0) {
            LOG.infof("deadline sweep: %s in %d ms", result, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Applies every deadline rule that is due at the clock's now, for every period of every plan year. */
    public Result run() {
        return run(clock.instant());
    }

    /**
     * Applies every deadline rule due at {@code now}, for every period of every plan year whose reminder time or
     * deadline has passed: a run after downtime catches up on all of them, and a repeated run changes nothing.
     */
    public synchronized Result run(Instant now) {
        Result result = Result.NONE;
        for (ReportingCalendar calendar : calendars.current().all()) {
            result = result.plus(run(calendar, now));
        }
        return result;
    }

    private Result run(ReportingCalendar calendar, Instant now) {
        int reminders = 0;
        int overdue = 0;
        int escalated = 0;
        int repeatLate = 0;
        YearMonth latestPassed = null;
        for (YearMonth period : calendar.periodsUpTo(calendar.last())) {
            PeriodDeadline deadline = new PeriodDeadline(calendar, period);
            if (deadline.remindsAt(now, config.reminderDaysBefore())) {
                reminders += QuarkusTransaction.requiringNew().call(() -> remind(deadline, now));
            }
            // A month not over yet may have had its notice before a holiday (above); nothing later has anything due.
            if (now.isBefore(calendar.opensAt(period))) {
                break;
            }
            if (now.isAfter(deadline.dueAt())) {
                overdue += QuarkusTransaction.requiringNew().call(() -> raiseOverdue(deadline, now));
                if (!now.isBefore(deadline.escalatesFrom(config.overdueEscalateAfterWorkingDays()))) {
                    escalated += QuarkusTransaction.requiringNew().call(() -> escalateOverdue(period, now));
                }
                latestPassed = period;
            }
        }
        if (latestPassed != null) {
            YearMonth upTo = latestPassed;
            repeatLate = QuarkusTransaction.requiringNew().call(() -> checkRepeatLate(calendar, upTo, now, null));
        }
        // After the overdue escalation above: an alert it just turned RED starts its time to answer now.
        int unanswered = QuarkusTransaction.requiringNew().call(() -> unansweredEscalation.escalate(calendar, now));
        return new Result(reminders, overdue, escalated, repeatLate, unanswered);
    }

    /** One reminder per lead unit that still has reports missing, listing them; none for units that reported. */
    int remind(PeriodDeadline deadline, Instant now) {
        return alerts.recordChanges("""
                        insert into alert (rule, subject_type, subject_id, lead_unit_id, period, severity, state, message,
                                           details, raised_at, updated_at)
                        select 'REMINDER', 'LEAD_UNIT', p.lead_unit_id, p.lead_unit_id, :period, 'INFO', 'OPEN',
                               '报送提醒: ' || :period || ' 月进展须于 ' || :due || ' 前报送, 尚缺 ' || count(*) || ' 个项目',
                               cast(json_build_object('dueAt', cast(:due as text), 'missingProjects', json_agg(p.id order by p.id)) as text),
                               :now, :now
                        from tracked_project p
                        where p.status in ('ACTIVE', 'ADJUSTED') and p.lead_unit_id is not null and p.plan_year = :year
                          and not exists (select 1 from tracked_report r where r.project_id = p.id and r.period = :period)
                          and not exists (select 1 from alert a where a.rule = 'REMINDER' and a.subject_id = p.lead_unit_id
                                          and a.period = :period)
                        group by p.lead_unit_id
                        on conflict (subject_id, rule, period) where state <> 'RESOLVED' do nothing
                        returning\s""" + AlertWriter.ALERT_COLUMNS,
                Map.of("period", deadline.period().toString(), "year", deadline.calendar().planYear(),
                        "due", deadline.calendar().dueDate(deadline.period()).toString(), "now", now),
                AlertChange.RAISED, AlertWriter.SYSTEM, "reminder " + config.reminderDaysBefore() + " days before the deadline");
    }

    /**
     * One OVERDUE alert per active project without a report received by the deadline, judged by the report's
     * first received-at (never by when its event was read). Never raised twice for a project and period, even
     * after it was resolved.
     */
    int raiseOverdue(PeriodDeadline deadline, Instant now) {
        String period = deadline.period().toString();
        Instant dueAt = deadline.dueAt();
        Map<String, Object> params = Map.of("period", period, "year", deadline.calendar().planYear(), "dueAt", dueAt,
                "now", now);
        int raised = alerts.recordChanges("""
                        insert into alert (rule, subject_type, subject_id, project_id, lead_unit_id, programme_id, period,
                                           severity, state, message, raised_at, updated_at)
                        select 'OVERDUE', 'PROJECT', p.id, p.id, p.lead_unit_id, p.programme_id, :period, 'YELLOW', 'OPEN',
                               '逾期未报: ' || :period || ' 月进展报告未在截止时间前报送', :now, :now
                        from tracked_project p
                        where p.status in ('ACTIVE', 'ADJUSTED') and p.plan_year = :year
                          and not exists (select 1 from tracked_report r where r.project_id = p.id and r.period = :period
                                          and r.first_received_at <= :dueAt)
                          and not exists (select 1 from alert a where a.rule = 'OVERDUE' and a.subject_id = p.id
                                          and a.period = :period)
                        on conflict (subject_id, rule, period) where state <> 'RESOLVED' do nothing
                        returning\s""" + AlertWriter.ALERT_COLUMNS,
                params, AlertChange.RAISED, AlertWriter.SYSTEM, "deadline " + dueAt + " passed");
        // A late report read before this (catch-up) run: the alert stays on record, resolved by that report.
        alerts.recordChanges("""
                        update alert a set state = 'RESOLVED', updated_at = :now, resolved_at = :now
                        where a.rule = 'OVERDUE' and a.period = :period and a.state <> 'RESOLVED'
                          and exists (select 1 from tracked_report r where r.project_id = a.subject_id and r.period = :period)
                        returning\s""" + AlertWriter.ALERT_COLUMNS,
                Map.of("period", period, "now", now),
                AlertChange.RESOLVED, AlertWriter.SYSTEM, "late report already received");
        return raised;
    }

    /** Every OVERDUE alert of the period still open after the grace period turns RED: one update. */
    int escalateOverdue(YearMonth period, Instant now) {
        return alerts.recordChanges("""
                        update alert set severity = 'RED', updated_at = :now
                        where rule = 'OVERDUE' and period = :period and state <> 'RESOLVED' and severity = 'YELLOW'
                        returning\s""" + AlertWriter.ALERT_COLUMNS,
                Map.of("period", period.toString(), "now", now),
                AlertChange.ESCALATED, AlertWriter.SYSTEM,
                "still missing " + config.overdueEscalateAfterWorkingDays() + " working days after the due day");
    }

    /**
     * REPEAT_LATE: units late or missing in N of their last M periods whose deadline has passed, up to and
     * including {@code upTo}; the alert's period is the latest of the window. The sweep judges once per run on
     * the latest period whose deadline has passed (a catch-up run does not flag a unit once per missed period);
     * a late report re-judges its own unit on the window ending at the report's period.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int checkRepeatLate(ReportingCalendar calendar, YearMonth upTo, String leadUnitId) {
        return checkRepeatLate(calendar, upTo, clock.instant(), leadUnitId);
    }

    /**
     * The window is of {@code calendar}'s plan year and its projects: a unit is judged on each plan year apart. With a
     * lead unit, that unit alone: a report changes only its own unit's verdict, and judging every unit reads every
     * project of the plan year.
     */
    private int checkRepeatLate(ReportingCalendar calendar, YearMonth upTo, Instant now, String leadUnitId) {
        List<YearMonth> passed = calendar.periodsUpTo(upTo).stream()
                .filter(p -> now.isAfter(calendar.dueAt(p))).toList();
        if (passed.isEmpty()) {
            return 0;
        }
        List<YearMonth> window = passed.subList(Math.max(0, passed.size() - config.repeatLateM()), passed.size());
        String latest = window.get(window.size() - 1).toString();
        if (leadUnitId != null && judgedAlready(leadUnitId, latest)) {
            // A burst of late reports from one unit: the first brought the verdict, the others need not read the window.
            return 0;
        }
        List<Map<String, String>> periods = window.stream()
                .map(p -> Map.of("period", p.toString(), "due_at", calendar.dueAt(p).toString())).toList();
        Query judged = em.createNativeQuery("""
                        with periods as (
                            select * from jsonb_to_recordset(cast(:periods as jsonb)) as w(period text, due_at timestamptz)),
                        unit_period as (
                            select p.lead_unit_id, w.period,
                                   bool_or(r.project_id is null or r.first_received_at > w.due_at) as bad
                            from periods w cross join tracked_project p
                            left join tracked_report r on r.project_id = p.id and r.period = w.period
                            where p.status in ('ACTIVE', 'ADJUSTED') and p.lead_unit_id is not null
                              and p.plan_year = :year %s
                            group by p.lead_unit_id, w.period)
                        select lead_unit_id, string_agg(period, ',' order by period)
                        from unit_period where bad
                        group by lead_unit_id having count(*) >= :n""".formatted(leadUnitId == null ? "" : "and p.lead_unit_id = :unit"));
        if (leadUnitId != null) {
            judged.setParameter("unit", leadUnitId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> units = judged
                .setParameter("periods", toJson(periods))
                .setParameter("n", config.repeatLateN())
                .setParameter("year", calendar.planYear())
                .getResultList();
        int raised = 0;
        for (Object[] unit : units) {
            String unitId = (String) unit[0];
            if (judgedAlready(unitId, latest)) {
                continue;
            }
            // The newest verdict carries the whole window; an older one still open is superseded by it.
            for (Alert older : Alert.<Alert>list("rule = ?1 and subjectId = ?2 and period < ?3 and state <> ?4",
                    Alert.Rule.REPEAT_LATE, unitId, latest, Alert.State.RESOLVED)) {
                alerts.resolve(older, AlertWriter.SYSTEM, "superseded by the " + latest + " verdict");
            }
            List<String> latePeriods = List.of(((String) unit[1]).split(","));
            Finding.Verdict verdict = new Finding.Verdict(Alert.Severity.RED,
                    "屡次迟报: 近 " + window.size() + " 期中有 " + latePeriods.size() + " 期迟报或未报",
                    AlertWriter.details(Map.of("latePeriods", latePeriods,
                            "window", window.stream().map(YearMonth::toString).toList(),
                            "n", config.repeatLateN(), "m", config.repeatLateM())));
            alerts.raiseOrUpdate(new Finding(Alert.Rule.REPEAT_LATE, Finding.Subject.leadUnit(unitId), latest, verdict),
                    "late or missing in " + unit[1]);
            raised++;
        }
        return raised;
    }

    /** Once per unit and period (even after it was resolved), and never behind a verdict on a later period. */
    private static boolean judgedAlready(String leadUnitId, String latest) {
        return Alert.count("rule = ?1 and subjectId = ?2 and period >= ?3", Alert.Rule.REPEAT_LATE, leadUnitId, latest) > 0;
    }

    /** A unit's reminder is settled once all its expected reports for the period are in. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resolveReminderIfComplete(String leadUnitId, ReportingCalendar calendar, String period) {
        // Most reports arrive before any reminder: then there is nothing to settle and no need to count the
        // unit's missing reports (a scan over all its projects).
        Alert reminder = alerts.openAlert(leadUnitId, Alert.Rule.REMINDER, period);
        if (reminder == null) {
            return;
        }
        Number missing = (Number) em.createNativeQuery("""
                        select count(*) from tracked_project p
                        where p.status in ('ACTIVE', 'ADJUSTED') and p.lead_unit_id = :unit and p.plan_year = :year
                          and not exists (select 1 from tracked_report r where r.project_id = p.id and r.period = :period)""")
                .setParameter("unit", leadUnitId).setParameter("period", period)
                .setParameter("year", calendar.planYear()).getSingleResult();
        if (missing.longValue() == 0) {
            // At most one is open per unit and period (a partial unique index): the one read above.
            alerts.resolve(reminder, AlertWriter.SYSTEM, "all reports for " + period + " received");
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
