package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.platform.inbox.KeyList;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.tracing.TraceContext;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place alerts change. Every change appends its history row, a feed entry (what the SSE stream
 * replays) and an {@link AlertEvent} on livelihood.alert.events through the outbox, all in the caller's
 * transaction; the feed entry and the event carry the same alert JSON, as it stood right after the change.
 * Feed writers take one transaction-scoped advisory lock, so feed sequence numbers commit in order and a resuming
 * client never skips a change that committed late.
 * <p>
 * A consumer's run of events opens a {@linkplain #beginRun run}: the open alerts of its subjects are read in one
 * query and looked up in memory from then on, and its changes are recorded together by {@link #endRun} (one
 * statement for history and feed, one batch for the events) instead of a flush and statements per change. Outside
 * a run each change is recorded at once.
 */
@ApplicationScoped
public class AlertWriter {

    public static final String SYSTEM = "system";

    /**
     * The columns a statement given to {@link #recordChanges} returns ({@code returning} these), in the order the
     * rows are read back.
     */
    public static final String ALERT_COLUMNS = "id, rule, severity, state, subject_type, subject_id, project_id, "
            + "lead_unit_id, programme_id, period, message, details, raised_at, updated_at, resolved_at, escalation_level, "
            + "response, answer_explanation, answer_measures, answer_expected_completion, answered_by, answered_at";

    private static final long FEED_LOCK = 727_001L;
    /** Key of the current transaction's {@link Run}. */
    private static final Object RUN = new Object();

    private static final ObjectMapper DETAILS_JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Same figures, same text: re-evaluating an unchanged verdict must not look like a change.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final String HISTORY_AND_FEED = """
            with c as materialized (
                select * from jsonb_to_recordset(cast(:changes as jsonb)) as c(ord integer, alert_id bigint, change text,
                     state text, severity text, actor text, note text, at timestamptz, snapshot text)),
            history as (
                insert into alert_transition (alert_id, change, state, severity, actor, note, at)
                select alert_id, change, state, severity, actor, note, at from c order by ord)
            insert into alert_feed (alert_id, change, at, snapshot)
            select alert_id, change, at, snapshot from c order by ord""";

    private final EntityManager em;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final MovableClock clock;
    private final TransactionSynchronizationRegistry transaction;

    public AlertWriter(EntityManager em, Outbox outbox, ObjectMapper json, MovableClock clock,
                       TransactionSynchronizationRegistry transaction) {
        this.em = em;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** A rule's figures as the JSON text stored in {@code alert.details}. */
    public static String details(Map<String, ?> figures) {
        try {
            return DETAILS_JSON.writeValueAsString(figures);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raiseOrUpdate(Finding finding, String note) {
        return raiseOrUpdate(finding, note, openAlert(finding.subject().id(), finding.rule(), finding.period()));
    }

    /** As {@link #raiseOrUpdate(Finding, String)}, for a caller that has read the open alert (or null) already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raiseOrUpdate(Finding finding, String note, Alert open) {
        Instant now = now();
        Finding.Verdict verdict = finding.verdict();
        if (open == null) {
            Finding.Subject subject = finding.subject();
            Alert alert = new Alert();
            alert.rule = finding.rule();
            alert.subjectType = subject.type();
            alert.subjectId = subject.id();
            alert.projectId = subject.projectId();
            alert.leadUnitId = subject.leadUnitId();
            alert.programmeId = subject.programmeId();
            alert.period = finding.period();
            alert.severity = verdict.severity();
            alert.state = Alert.State.OPEN;
            alert.message = verdict.message();
            alert.details = verdict.details();
            alert.raisedAt = now;
            alert.updatedAt = now;
            alert.persist();
            Run run = run();
            if (run != null) {
                run.raised(alert);
            }
            record(alert, AlertChange.RAISED, SYSTEM, note);
            return alert;
        }
        if (open.severity == verdict.severity() && Objects.equals(open.message, verdict.message())
                && Objects.equals(open.details, verdict.details())) {
            return open;
        }
        AlertChange change = verdict.severity().ordinal() > open.severity.ordinal() ? AlertChange.ESCALATED
                : AlertChange.UPDATED;
        open.severity = verdict.severity();
        open.message = verdict.message();
        open.details = verdict.details();
        open.updatedAt = now;
        record(open, change, SYSTEM, note);
        return open;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledge(Alert alert, String actor, String note) {
        alert.state = Alert.State.ACKNOWLEDGED;
        alert.updatedAt = now();
        record(alert, AlertChange.ACKNOWLEDGED, actor, note);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void resolve(Alert alert, String actor, String note) {
        alert.state = Alert.State.RESOLVED;
        alert.updatedAt = now();
        alert.resolvedAt = alert.updatedAt;
        record(alert, AlertChange.RESOLVED, actor, note);
    }

    /** The lead unit's answer (督办答复): kept on the alert as the latest one, summed up in the history's note. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void answer(Alert alert, String actor, String explanation, String measures, LocalDate expectedCompletion) {
        alert.response = Alert.Response.ANSWERED;
        alert.answerExplanation = explanation;
        alert.answerMeasures = measures;
        alert.answerExpectedCompletion = expectedCompletion;
        alert.answeredBy = actor;
        alert.updatedAt = now();
        alert.answeredAt = alert.updatedAt;
        record(alert, AlertChange.ANSWERED, actor,
                "情况说明: " + explanation + "\n整改措施: " + measures + "\n预计完成: " + expectedCompletion);
    }

    /** The office sends the answer back; the answer stays on the alert (what was returned), the comment in history. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void returnAnswer(Alert alert, String actor, String comment) {
        alert.response = Alert.Response.RETURNED;
        alert.updatedAt = now();
        record(alert, AlertChange.ANSWER_RETURNED, actor, comment);
    }

    /** The office accepts the answer: the alert resolves with it (a RESOLVED change, the note says so). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acceptAnswer(Alert alert, String actor, String note) {
        alert.response = Alert.Response.ACCEPTED;
        resolve(alert, actor, note == null || note.isBlank() ? "采纳答复" : "采纳答复: " + note);
    }

    /** Resolves every open alert of the rule for the subject (all periods when period is null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int resolveOpen(String subjectId, Alert.Rule rule, String period, String note) {
        List<Alert> open = openAlerts(subjectId, rule).stream()
                .filter(alert -> period == null || period.equals(alert.period)).toList();
        open.forEach(alert -> resolve(alert, SYSTEM, note));
        return open.size();
    }

    /** The subject's alerts of the rule that are not resolved, of any period. */
    public List<Alert> openAlerts(String subjectId, Alert.Rule rule) {
        Run run = run();
        List<Alert> known = run == null ? null : run.openAlerts.get(subjectId);
        if (known == null) {
            return Alert.list("subjectId = ?1 and rule = ?2 and state <> ?3", subjectId, rule, Alert.State.RESOLVED);
        }
        return known.stream().filter(alert -> alert.rule == rule && alert.state != Alert.State.RESOLVED).toList();
    }

    public Alert openAlert(String subjectId, Alert.Rule rule, String period) {
        return openAlerts(subjectId, rule).stream().filter(alert -> period.equals(alert.period)).findFirst().orElse(null);
    }

    /**
     * A project now led by another unit: its open alerts follow it, so the new unit sees them among its own and
     * the supervision office's filter by unit finds them there. Resolved alerts keep the unit they had.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reassignOpen(String projectId, String leadUnitId, String note) {
        em.flush();
        Instant now = now();
        int changed = recordChanges("""
                        update alert set lead_unit_id = :unit, updated_at = :now
                        where project_id = :project and state <> 'RESOLVED' and lead_unit_id is distinct from :unit
                        returning\s""" + ALERT_COLUMNS,
                Map.of("unit", leadUnitId, "project", projectId, "now", now), AlertChange.REASSIGNED, SYSTEM, note);
        // The run's copies would write the old unit back at the next flush. (A project's own alerts are the only ones
        // with its project id; outside a run no copies are held, the consumer always opens one.)
        Run run = run();
        List<Alert> held = run == null ? null : run.openAlerts.get(projectId);
        if (held != null) {
            for (Alert alert : held) {
                if (alert.state != Alert.State.RESOLVED && !leadUnitId.equals(alert.leadUnitId)) {
                    alert.leadUnitId = leadUnitId;
                    alert.updatedAt = now;
                }
            }
        }
        return changed;
    }

    /**
     * Opens a run in the current transaction (or widens the one open): the open alerts of the subjects, projects
     * and lead units, are read now in one query, and changes are kept until {@link #endRun}. A transaction that
     * reaches its commit with changes kept but not recorded is rolled back, never committed without them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void beginRun(Collection<String> subjectIds) {
        Run run = Objects.requireNonNullElseGet(run(), this::openRun);
        List<String> unread = subjectIds.stream().filter(Objects::nonNull).distinct()
                .filter(id -> !run.openAlerts.containsKey(id)).toList();
        if (unread.isEmpty()) {
            return;
        }
        for (String id : unread) {
            run.openAlerts.put(id, new ArrayList<>());
        }
        @SuppressWarnings("unchecked")
        List<Alert> open = em.createNativeQuery("select * from alert where state <> 'RESOLVED' and subject_id = " + KeyList.ANY,
                Alert.class).setParameter("keys", KeyList.of(unread)).getResultList();
        open.forEach(alert -> run.openAlerts.get(alert.subjectId).add(alert));
    }

    /** Records the changes the run kept (history, feed entries, events), in the order they happened. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endRun() {
        Run run = run();
        if (run == null || run.pending.isEmpty()) {
            return;
        }
        List<Change> changes = List.copyOf(run.pending);
        run.pending.clear();
        write(changes);
    }

    /**
     * Records one change for every alert row that {@code changedStatement} returns (an insert or update
     * {@code ... returning} {@link #ALERT_COLUMNS}, or a select of those columns of rows already changed): its history
     * row, its feed entry and its event, written together however many alerts changed. This is what keeps the
     * deadline sweep set-based: raising overdue alerts for a million projects is still one insert, one history and
     * feed statement and one batch of events per period.
     *
     * @return how many alerts changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recordChanges(String changedStatement, Map<String, Object> params, AlertChange change, String actor,
                             String note) {
        // What a run still keeps happened before this: recorded first, the feed stays in order.
        endRun();
        // Taken before the statement reads, not after: a statement that copies from tracked_project (the sweep's
        // OVERDUE insert) and one that moves a project's alerts to its new lead unit then see each other's commits,
        // so no alert is raised under a unit the project has just left.
        lockFeed();
        var query = em.createNativeQuery(changedStatement);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Change> changes = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            changes.add(new Change(change, fromRow(row), actor, note, TraceContext.current()));
        }
        write(changes);
        return changes.size();
    }

    /**
     * One change of one alert: what it was, who made it and why, the alert as it stood right after it, and the trace
     * it belongs to (a consumer's run writes its changes at the end, outside the span of the record that caused each).
     */
    private record Change(AlertChange change, AlertEvent alert, String actor, String note, TraceContext trace) {
    }

    private void record(Alert alert, AlertChange change, String actor, String note) {
        // The alert as it stands after this change, which a later change in the same run must not rewrite.
        Change recorded = new Change(change, snapshotOf(alert), actor, note, TraceContext.current());
        Run run = run();
        if (run == null) {
            write(List.of(recorded));
        } else {
            run.pending.add(recorded);
        }
    }

    /** The one way changes are written: history and feed in one statement, the events in one outbox batch. */
    private void write(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        lockFeed();
        // New alerts (inserted in one batch) and changed ones must be rows before their history and feed refer to them.
        em.flush();
        List<Map<String, Object>> rows = new ArrayList<>(changes.size());
        List<Outbox.Entry> events = new ArrayList<>(changes.size());
        for (Change change : changes) {
            AlertEvent alert = change.alert();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ord", rows.size());
            row.put("alert_id", alert.id());
            row.put("change", change.change().name());
            row.put("state", alert.state());
            row.put("severity", alert.severity());
            row.put("actor", change.actor());
            row.put("note", change.note());
            row.put("at", alert.updatedAt().toString());
            row.put("snapshot", toJson(alert));
            rows.add(row);
            events.add(new Outbox.Entry(Topics.ALERT_EVENTS, alert.subjectId(), change.change().eventType().name(),
                    AlertEvent.SCHEMA_VERSION, alert, change.trace()));
        }
        em.createNativeQuery(HISTORY_AND_FEED).setParameter("changes", toJson(rows)).executeUpdate();
        outbox.appendAll(events);
    }

    /**
     * Feed writers serialise on one transaction-scoped advisory lock, so feed sequence numbers become visible in
     * order and a client resuming after sequence n can never later see a smaller one commit.
     */
    private void lockFeed() {
        // Held until commit: once taken, a transaction that changes many alerts need not ask again.
        if (transaction.getResource(FEED_LOCK) != null) {
            return;
        }
        em.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", FEED_LOCK).getSingleResult();
        transaction.putResource(FEED_LOCK, Boolean.TRUE);
    }

    /** The clock at the database's precision, so an alert in memory and its row read back are the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Run run() {
        return (Run) transaction.getResource(RUN);
    }

    private Run openRun() {
        Run run = new Run();
        transaction.putResource(RUN, run);
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (!run.pending.isEmpty()) {
                    transaction.setRollbackOnly();
                }
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
        return run;
    }

    /** What one transaction's run holds: the open alerts of the subjects read so far, and changes not yet recorded. */
    private static final class Run {
        final Map<String, List<Alert>> openAlerts = new HashMap<>();
        final List<Change> pending = new ArrayList<>();

        void raised(Alert alert) {
            List<Alert> known = openAlerts.get(alert.subjectId);
            if (known != null) {
                known.add(alert);
            }
        }
    }

    private static AlertEvent snapshotOf(Alert a) {
        return new AlertEvent(a.id, a.rule.name(), a.severity.name(), a.state.name(), a.subjectType, a.subjectId,
                a.projectId, a.leadUnitId, a.programmeId, a.period, a.message, a.details, a.raisedAt, a.updatedAt,
                a.resolvedAt, null, a.escalationLevel, a.response.name(), AlertView.answerOf(a));
    }

    /** An alert row of {@link #ALERT_COLUMNS}. */
    private static AlertEvent fromRow(Object[] row) {
        return new AlertEvent(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                (String) row[4], (String) row[5], (String) row[6], (String) row[7],
                row[8] == null ? null : ((Number) row[8]).intValue(), (String) row[9], (String) row[10],
                (String) row[11], instant(row[12]), instant(row[13]), instant(row[14]), null,
                ((Number) row[15]).intValue(), (String) row[16],
                row[21] == null ? null : new AlertEvent.Answer((String) row[17], (String) row[18], date(row[19]),
                        (String) row[20], instant(row[21])));
    }

    private static LocalDate date(Object value) {
        if (value == null || value instanceof LocalDate) {
            return (LocalDate) value;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        throw new IllegalStateException("not a date: " + value.getClass());
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof ZonedDateTime time) {
            return time.toInstant();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
