package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.inbox.KeyList;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place alerts change. Every change appends its history row, a feed entry (what the SSE stream
 * replays) and an event on livelihood.alert.events, all in the caller's transaction. Feed writers take one
 * transaction-scoped advisory lock, so feed sequence numbers commit in order and a resuming client never
 * skips a change that committed late.
 * <p>
 * A consumer's run of events opens a {@linkplain #beginRun run}: the open alerts of its subjects are read in one
 * query and looked up in memory from then on, and its changes are recorded together by {@link #endRun}, in one
 * statement, instead of a flush and a statement per change. Outside a run each change is recorded at once.
 */
@ApplicationScoped
public class AlertWriter {

    public static final String SYSTEM = "system";
    private static final long FEED_LOCK = 727_001L;
    /** Key of the current transaction's {@link Run}. */
    private static final Object RUN = new Object();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Same figures, same text: re-evaluating an unchanged verdict must not look like a change.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final EntityManager em;
    private final Event<Outbox.OutboxAppended> appended;
    private final MovableClock clock;
    private final TransactionSynchronizationRegistry transaction;

    public AlertWriter(EntityManager em, Event<Outbox.OutboxAppended> appended, MovableClock clock,
                       TransactionSynchronizationRegistry transaction) {
        this.em = em;
        this.appended = appended;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** What a rule concludes about one subject; raising an equal alert twice changes nothing. */
    public record Finding(Alert.Rule rule, String subjectType, String subjectId, String projectId, String leadUnitId,
                          Integer programmeId, String period, Alert.Severity severity, String message, String details) {
    }

    /** A rule's figures as the JSON text stored in {@code alert.details}. */
    public static String details(Map<String, ?> figures) {
        return json(figures);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raiseOrUpdate(Finding finding, String note) {
        return raiseOrUpdate(finding, note, openAlert(finding.subjectId(), finding.rule(), finding.period()));
    }

    /** As {@link #raiseOrUpdate(Finding, String)}, for a caller that has read the open alert (or null) already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raiseOrUpdate(Finding finding, String note, Alert open) {
        Instant now = clock.instant();
        if (open == null) {
            Alert alert = new Alert();
            alert.rule = finding.rule();
            alert.subjectType = finding.subjectType();
            alert.subjectId = finding.subjectId();
            alert.projectId = finding.projectId();
            alert.leadUnitId = finding.leadUnitId();
            alert.programmeId = finding.programmeId();
            alert.period = finding.period();
            alert.severity = finding.severity();
            alert.state = Alert.State.OPEN;
            alert.message = finding.message();
            alert.details = finding.details();
            alert.raisedAt = now;
            alert.updatedAt = now;
            alert.persist();
            Run run = run();
            if (run != null) {
                run.raised(alert);
            }
            record(alert, "RAISED", SYSTEM, note);
            return alert;
        }
        if (open.severity == finding.severity() && Objects.equals(open.message, finding.message())
                && Objects.equals(open.details, finding.details())) {
            return open;
        }
        String change = finding.severity().ordinal() > open.severity.ordinal() ? "ESCALATED" : "UPDATED";
        open.severity = finding.severity();
        open.message = finding.message();
        open.details = finding.details();
        open.updatedAt = now;
        record(open, change, SYSTEM, note);
        return open;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledge(Alert alert, String actor, String note) {
        alert.state = Alert.State.ACKNOWLEDGED;
        alert.updatedAt = clock.instant();
        record(alert, "ACKNOWLEDGED", actor, note);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void resolve(Alert alert, String actor, String note) {
        alert.state = Alert.State.RESOLVED;
        alert.updatedAt = clock.instant();
        alert.resolvedAt = alert.updatedAt;
        record(alert, "RESOLVED", actor, note);
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
        Instant now = clock.instant();
        int changed = recordChanges("""
                        update alert set lead_unit_id = :unit, updated_at = :now
                        where project_id = :project and state <> 'RESOLVED' and lead_unit_id is distinct from :unit
                        returning *""",
                Map.of("unit", leadUnitId, "project", projectId, "now", now), "REASSIGNED", SYSTEM, note);
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
        List<Alert> open = em.createNativeQuery("select * from alert where state <> 'RESOLVED' and subject_id in " + KeyList.IN,
                Alert.class).setParameter("keys", KeyList.of(unread)).getResultList();
        open.forEach(alert -> run.openAlerts.get(alert.subjectId).add(alert));
    }

    /** Records the changes the run kept (history, feed entries, events), in the order they happened, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endRun() {
        Run run = run();
        if (run == null || run.pending.isEmpty()) {
            return;
        }
        String changes = json(run.pending);
        run.pending.clear();
        // The run's new alerts, inserted in one batch, must be there for the statement to join.
        em.flush();
        writeChanges("", """
                select a.id, a.rule, a.subject_type, a.subject_id, a.project_id, a.programme_id, a.period, a.raised_at,
                       c.severity, c.state, c.message, c.details, c.lead_unit_id, c.updated_at, c.resolved_at,
                       c.change, c.actor, c.note, c.ord, c.occurred_at
                from jsonb_to_recordset(cast(:changes as jsonb)) as c(id bigint, ord bigint, change text, actor text,
                     note text, severity text, state text, message text, details text, lead_unit_id text,
                     updated_at timestamptz, resolved_at timestamptz, occurred_at timestamptz)
                join alert a on a.id = c.id""", Map.of("changes", changes));
    }

    /**
     * Records one change for every alert row that {@code changedStatement} yields (an insert/update ... returning *,
     * or a select of rows already changed): its history row, its feed entry (with the alert as it stands after the
     * change, what the SSE stream sends) and its event on livelihood.alert.events,
     * as one SQL statement however many alerts changed. This is what keeps the deadline sweep set-based: raising
     * overdue alerts for a million projects is still one insert and one recording statement per period.
     *
     * @return how many alerts changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recordChanges(String changedStatement, Map<String, Object> params, String change, String actor, String note) {
        // What a run still keeps happened before this: recorded first, the feed stays in order.
        endRun();
        Map<String, Object> all = new HashMap<>(params);
        all.put("change", change);
        all.put("actor", actor);
        all.put("note", note);
        all.put("occurredAt", clock.instant());
        return writeChanges("changed as (%s),".formatted(changedStatement), """
                select c.*, cast(:change as text) as change, cast(:actor as text) as actor, cast(:note as text) as note,
                       c.id as ord, cast(:occurredAt as timestamptz) as occurred_at
                from changed c""", all);
    }

    private void record(Alert alert, String change, String actor, String note) {
        Run run = run();
        if (run == null) {
            // The entity change must be in the database before the statement below reads it back.
            em.flush();
            recordChanges("select * from alert where id = :id", Map.of("id", alert.id), change, actor, note);
            return;
        }
        // The alert as it stands after this change, which a later change in the same run must not rewrite.
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", alert.id);
        entry.put("ord", run.pending.size());
        entry.put("change", change);
        entry.put("actor", actor);
        entry.put("note", note);
        entry.put("severity", alert.severity.name());
        entry.put("state", alert.state.name());
        entry.put("message", alert.message);
        entry.put("details", alert.details);
        entry.put("lead_unit_id", alert.leadUnitId);
        entry.put("updated_at", alert.updatedAt.toString());
        entry.put("resolved_at", alert.resolvedAt == null ? null : alert.resolvedAt.toString());
        entry.put("occurred_at", clock.instant().toString());
        run.pending.add(entry);
    }

    /**
     * The one statement behind both ways of recording. {@code changes} is a query yielding a row per change: the
     * alert's columns as they stand after it, plus change, actor, note, ord (the order of the changes) and
     * occurred_at; {@code with} holds the common table expressions it reads (a data-modifying one must be at the
     * statement's top level), each followed by a comma.
     */
    private int writeChanges(String with, String changes, Map<String, Object> params) {
        lockFeed();
        var query = em.createNativeQuery("""
                with %s
                ev as materialized (select gen_random_uuid() as event_id, c.* from (%s) c),
                history as (
                    insert into alert_transition (alert_id, change, state, severity, actor, note, at)
                    select c.id, c.change, c.state, c.severity, c.actor, c.note, c.updated_at from ev c order by c.ord),
                feed as (
                    insert into alert_feed (alert_id, change, at, snapshot)
                    select c.id, c.change, c.updated_at, cast(%s as text) from ev c order by c.ord)
                insert into outbox_event (event_id, topic, record_key, event_type, envelope, created_at)
                select c.event_id, cast(:topic as text), c.subject_id, 'Alert' || initcap(c.change),
                       cast(json_build_object('eventId', c.event_id, 'type', 'Alert' || initcap(c.change), 'schemaVersion', 1,
                                              'occurredAt', %s, 'aggregateId', c.subject_id, 'payload', %s) as text),
                       c.occurred_at
                from ev c order by c.ord""".formatted(with, changes, ALERT_JSON, iso("c.occurred_at"), ALERT_JSON))
                .setParameter("topic", Topics.ALERT_EVENTS);
        params.forEach(query::setParameter);
        int changed = query.executeUpdate();
        if (changed > 0) {
            // Wakes the outbox relay after commit, as Outbox.append does.
            appended.fire(new Outbox.OutboxAppended(Topics.ALERT_EVENTS));
        }
        return changed;
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
        em.createNativeQuery("select pg_advisory_xact_lock(" + FEED_LOCK + ")").getSingleResult();
        transaction.putResource(FEED_LOCK, Boolean.TRUE);
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
        final List<Map<String, Object>> pending = new ArrayList<>();

        void raised(Alert alert) {
            List<Alert> known = openAlerts.get(alert.subjectId);
            if (known != null) {
                known.add(alert);
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alert as AlertView serialises it (history omitted), built from the row aliased c. */
    private static final String ALERT_JSON = """
            json_build_object('id', c.id, 'rule', c.rule, 'severity', c.severity, 'state', c.state,
                              'subjectType', c.subject_type, 'subjectId', c.subject_id, 'projectId', c.project_id,
                              'leadUnitId', c.lead_unit_id, 'programmeId', c.programme_id, 'period', c.period,
                              'message', c.message, 'details', cast(c.details as json), 'raisedAt', %s, 'updatedAt', %s,
                              'resolvedAt', %s, 'history', null)""".formatted(iso("c.raised_at"), iso("c.updated_at"),
            iso("c.resolved_at"));

    /** An instant as ISO-8601 in UTC, microsecond precision (PostgreSQL's). */
    private static String iso(String timestamp) {
        return "to_char(" + timestamp + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }
}
