package cn.qinzhou.livelihood.contracts.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.time.Instant;

/**
 * The payload of every event on {@code livelihood.alert.events} (schema version {@value #SCHEMA_VERSION}): the
 * alert as it stands after the change. The key is the project id, or the lead unit id for the unit-level
 * rules (REMINDER, REPEAT_LATE). Timestamps are ISO-8601 UTC with microseconds (the database's precision).
 *
 * @param rule        OVERDUE, REMINDER, SLOW_PROGRESS, STALLED or REPEAT_LATE
 * @param severity    INFO, YELLOW or RED
 * @param state       OPEN, ACKNOWLEDGED or RESOLVED
 * @param subjectType PROJECT or LEAD_UNIT
 * @param details     the rule's figures (missing projects, completion, late periods), a JSON object, carried as
 *                    its JSON text so that figures such as {@code 10.00} keep their exact form
 * @param history     always null on the topic (the feed's REST answer carries it)
 */
public record AlertEvent(long id, String rule, String severity, String state, String subjectType, String subjectId,
                         String projectId, String leadUnitId, Integer programmeId, String period, String message,
                         @JsonRawValue @JsonDeserialize(using = JsonText.class) String details,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant raisedAt,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant updatedAt,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant resolvedAt,
                         Object history) {

    public static final int SCHEMA_VERSION = 1;

    private static final String MICROS = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'";

    /** The envelope's {@code type} for each change of an alert. */
    public enum Type {
        AlertRaised, AlertEscalated, AlertUpdated, AlertAcknowledged, AlertResolved,
        /** The project's lead unit changed; {@code leadUnitId} is the new one. */
        AlertReassigned
    }

    /** Reads a JSON value of any shape as its JSON text, the counterpart of {@link JsonRawValue}. */
    public static final class JsonText extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return parser.readValueAsTree().toString();
        }
    }
}
