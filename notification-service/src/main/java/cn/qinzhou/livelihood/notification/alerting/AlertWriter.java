package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place alerts change. Every change appends its history row, a feed entry (what the SSE stream
 * replays) and an event on livelihood.alert.events, all in the caller's transaction. Feed writers take one
 * transaction-scoped advisory lock, so feed sequence numbers commit in order and a resuming client never
 * skips a change that committed late.
 */
@ApplicationScoped
public class AlertWriter {

    public static final String SYSTEM = "system";
    private static final long FEED_LOCK = 727_001L;

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
        try {
            return DETAILS.writeValueAsString(figures);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper DETAILS = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Same figures, same text: re-evaluating an unchanged verdict must not look like a change.
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

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
        List<Alert> open = period == null
                ? Alert.list("subjectId = ?1 and rule = ?2 and state <> ?3", subjectId, rule, Alert.State.RESOLVED)
                : Alert.list("subjectId = ?1 and rule = ?2 and period = ?3 and state <> ?4", subjectId, rule, period, Alert.State.RESOLVED);
        open.forEach(alert -> resolve(alert, SYSTEM, note));
        return open.size();
    }

    /**
     * A project now led by another unit: its open alerts follow it, so the new unit sees them among its own and
     * the supervision office's filter by unit finds them there. Resolved alerts keep the unit they had.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reassignOpen(String projectId, String leadUnitId, String note) {
        em.flush();
        return recordChanges("""
                        update alert set lead_unit_id = :unit, updated_at = :now
                        where project_id = :project and state <> 'RESOLVED' and lead_unit_id is distinct from :unit
                        returning *""",
                Map.of("unit", leadUnitId, "project", projectId, "now", clock.instant()), "REASSIGNED", SYSTEM, note);
    }

    public Alert openAlert(String subjectId, Alert.Rule rule, String period) {
        return Alert.find("subjectId = ?1 and rule = ?2 and period = ?3 and state <> ?4",
                subjectId, rule, period, Alert.State.RESOLVED).firstResult();
    }

    private void record(Alert alert, String change, String actor, String note) {
        // The entity change must be in the database before the statement below reads it back.
        em.flush();
        recordChanges("select * from alert where id = :id", Map.of("id", alert.id), change, actor, note);
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
        lockFeed();
        String eventType = "Alert" + capitalized(change);
        var query = em.createNativeQuery("""
                with changed as (%s),
                ev as materialized (select gen_random_uuid() as event_id, c.* from changed c),
                history as (
                    insert into alert_transition (alert_id, change, state, severity, actor, note, at)
                    select c.id, cast(:change as text), c.state, c.severity, cast(:actor as text), cast(:note as text), c.updated_at
                    from ev c),
                feed as (
                    insert into alert_feed (alert_id, change, at, snapshot)
                    select c.id, cast(:change as text), c.updated_at, cast(%s as text) from ev c order by c.id)
                insert into outbox_event (event_id, topic, record_key, event_type, envelope, created_at)
                select c.event_id, cast(:topic as text), c.subject_id, cast(:eventType as text),
                       cast(json_build_object('eventId', c.event_id, 'type', cast(:eventType as text), 'schemaVersion', 1,
                                              'occurredAt', %s, 'aggregateId', c.subject_id, 'payload', %s) as text),
                       cast(:occurredAt as timestamptz)
                from ev c order by c.id""".formatted(changedStatement, ALERT_JSON, iso("cast(:occurredAt as timestamptz)"), ALERT_JSON))
                .setParameter("change", change)
                .setParameter("actor", actor)
                .setParameter("note", note)
                .setParameter("topic", Topics.ALERT_EVENTS)
                .setParameter("eventType", eventType)
                .setParameter("occurredAt", clock.instant());
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
        // Held until commit: once taken, a transaction that changes many alerts (a consumer's run of events)
        // need not ask again.
        if (transaction.getResource(FEED_LOCK) != null) {
            return;
        }
        em.createNativeQuery("select pg_advisory_xact_lock(" + FEED_LOCK + ")").getSingleResult();
        transaction.putResource(FEED_LOCK, Boolean.TRUE);
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

    private static String capitalized(String change) {
        return change.charAt(0) + change.substring(1).toLowerCase();
    }
}
