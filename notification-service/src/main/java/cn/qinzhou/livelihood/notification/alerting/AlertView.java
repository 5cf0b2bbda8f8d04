package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;
import java.util.List;

/**
 * An alert as the feed, the stream and livelihood.alert.events show it. {@code details} is stored as JSON text
 * and shown as a JSON object (the rule's figures: missing projects, completion, late periods). The answer fields are
 * those of {@link AlertEvent}: the REST answer, the feed and the topic show an alert alike.
 */
public record AlertView(long id, Alert.Rule rule, Alert.Severity severity, Alert.State state, String subjectType,
                        String subjectId, String projectId, String leadUnitId, Integer programmeId, String period,
                        String message, @JsonRawValue String details, Instant raisedAt, Instant updatedAt, Instant resolvedAt,
                        List<Transition> history, int escalationLevel, Alert.Response response,
                        AlertEvent.Answer answer) {

    public record Transition(String change, Alert.State state, Alert.Severity severity, String actor, String note, Instant at) {
    }

    static AlertView of(Alert a, List<AlertTransition> history) {
        return new AlertView(a.id, a.rule, a.severity, a.state, a.subjectType, a.subjectId, a.projectId, a.leadUnitId,
                a.programmeId, a.period, a.message, a.details, a.raisedAt, a.updatedAt, a.resolvedAt,
                history == null ? null : history.stream().map(t -> new Transition(t.change, Alert.State.valueOf(t.state),
                        Alert.Severity.valueOf(t.severity), t.actor, t.note, t.at)).toList(),
                a.escalationLevel, a.response, answerOf(a));
    }

    static AlertEvent.Answer answerOf(Alert a) {
        return a.answeredAt == null ? null : new AlertEvent.Answer(a.answerExplanation, a.answerMeasures,
                a.answerExpectedCompletion, a.answeredBy, a.answeredAt);
    }
}
