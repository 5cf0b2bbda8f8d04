package cn.qinzhou.livelihood.contracts.alert;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The payload of every event on {@code livelihood.alert.events} (schema version {@value #SCHEMA_VERSION}): the
 * alert as it stands after the change. The key is the project id, or the lead unit id for the unit-level
 * rules (REMINDER, REPEAT_LATE).
 *
 * @param rule        OVERDUE, REMINDER, SLOW_PROGRESS, STALLED or REPEAT_LATE
 * @param severity    INFO, YELLOW or RED
 * @param state       OPEN, ACKNOWLEDGED or RESOLVED
 * @param subjectType PROJECT or LEAD_UNIT
 * @param details     the rule's figures (missing projects, completion, late periods), a JSON object
 * @param history     always null on the topic (the feed's REST answer carries it)
 */
public record AlertEvent(long id, String rule, String severity, String state, String subjectType, String subjectId,
                         String projectId, String leadUnitId, Integer programmeId, String period, String message,
                         JsonNode details, Instant raisedAt, Instant updatedAt, Instant resolvedAt, Object history) {

    public static final int SCHEMA_VERSION = 1;

    /** The envelope's {@code type} for each change of an alert. */
    public enum Type {
        AlertRaised, AlertEscalated, AlertUpdated, AlertAcknowledged, AlertResolved,
        /** The project's lead unit changed; {@code leadUnitId} is the new one. */
        AlertReassigned
    }
}
