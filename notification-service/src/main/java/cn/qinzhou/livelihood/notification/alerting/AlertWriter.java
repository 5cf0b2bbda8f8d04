package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.events.Topics;
import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
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
    private final Outbox outbox;
    private final MovableClock clock;

    public AlertWriter(EntityManager em, Outbox outbox, MovableClock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What a rule concludes about one subject; raising an equal alert twice changes nothing. */
    public record Finding(Alert.Rule rule, String subjectType, String subjectId, String projectId, String leadUnitId,
                          Integer programmeId, String period, Alert.Severity severity, String message, String details) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert raiseOrUpdate(Finding finding, String note) {
        Alert open = openAlert(finding.subjectId(), finding.rule(), finding.period());
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

    /** Records alerts that a set-based statement has just inserted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordRaised(List<Long> ids, String note) {
        for (Long id : ids) {
            record(Alert.findById(id), "RAISED", SYSTEM, note);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void escalate(Alert alert, Alert.Severity severity, String note) {
        alert.severity = severity;
        alert.updatedAt = clock.instant();
        record(alert, "ESCALATED", SYSTEM, note);
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

    public Alert openAlert(String subjectId, Alert.Rule rule, String period) {
        return Alert.find("subjectId = ?1 and rule = ?2 and period = ?3 and state <> ?4",
                subjectId, rule, period, Alert.State.RESOLVED).firstResult();
    }

    private void record(Alert alert, String change, String actor, String note) {
        em.createNativeQuery("select pg_advisory_xact_lock(" + FEED_LOCK + ")").getSingleResult();
        AlertTransition transition = new AlertTransition();
        transition.alertId = alert.id;
        transition.change = change;
        transition.state = alert.state.name();
        transition.severity = alert.severity.name();
        transition.actor = actor;
        transition.note = note;
        transition.at = alert.updatedAt;
        transition.persist();
        em.createNativeQuery("insert into alert_feed (alert_id, change, at) values (?1, ?2, ?3)")
                .setParameter(1, alert.id).setParameter(2, change).setParameter(3, alert.updatedAt).executeUpdate();
        outbox.append(Topics.ALERT_EVENTS, alert.subjectId, "Alert" + capitalized(change), 1, AlertView.of(alert, null));
    }

    private static String capitalized(String change) {
        return change.charAt(0) + change.substring(1).toLowerCase();
    }
}
