package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;

/** What happened to an alert: the history's and the feed's {@code change}, and the event it is announced by. */
public enum AlertChange {
    RAISED(AlertEvent.Type.AlertRaised),
    ESCALATED(AlertEvent.Type.AlertEscalated),
    UPDATED(AlertEvent.Type.AlertUpdated),
    ACKNOWLEDGED(AlertEvent.Type.AlertAcknowledged),
    RESOLVED(AlertEvent.Type.AlertResolved),
    REASSIGNED(AlertEvent.Type.AlertReassigned),
    /** The lead unit answered (督办答复); the note sums the answer up. */
    ANSWERED(AlertEvent.Type.AlertAnswered),
    /** The office returned the answer; the note is its comment. (Accepting it is a RESOLVED change.) */
    ANSWER_RETURNED(AlertEvent.Type.AnswerReturned);

    private final AlertEvent.Type eventType;

    AlertChange(AlertEvent.Type eventType) {
        this.eventType = eventType;
    }

    public AlertEvent.Type eventType() {
        return eventType;
    }
}
