package cn.qinzhou.livelihood.contracts.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

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
 * @param escalationLevel 督办 level: 0 none, 1 约谈 (the unit's head is called in: a RED SLOW_PROGRESS or OVERDUE
 *                    alert left unanswered for the configured working days); null only in events written before
 *                    the answer loop existed
 * @param response    the lead unit's answer (答复) as it stands: NONE, ANSWERED (awaiting the office's review),
 *                    RETURNED (sent back, the unit may answer again) or ACCEPTED; null as for escalationLevel
 * @param answer      the latest answer, null while there is none
 */
public record AlertEvent(long id, String rule, String severity, String state, String subjectType, String subjectId,
                         String projectId, String leadUnitId, Integer programmeId, String period, String message,
                         @JsonRawValue @JsonDeserialize(using = JsonText.class) String details,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant raisedAt,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant updatedAt,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant resolvedAt,
                         Object history,
                         // Added after history, nullable: a reader of schema version 1 that predates them still reads.
                         Integer escalationLevel, String response, Answer answer) {

    public static final int SCHEMA_VERSION = 1;

    private static final String MICROS = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'";

    /** The envelope's {@code type} for each change of an alert. */
    public enum Type {
        /** Raised by a rule. {@code AlertEscalated}: the severity rose, or the escalation level (约谈) did. */
        AlertRaised, AlertEscalated, AlertUpdated, AlertAcknowledged,
        /** The problem is gone, the office resolved it, or the office accepted the unit's answer (response ACCEPTED). */
        AlertResolved,
        /** The project's lead unit changed; {@code leadUnitId} is the new one. */
        AlertReassigned,
        /** The lead unit answered (情况说明, 整改措施, expected completion); response ANSWERED, the answer in {@code answer}. */
        AlertAnswered,
        /** The office returned the answer with a comment; response RETURNED, the unit may answer again. */
        AnswerReturned
    }

    /**
     * A lead unit's answer to an alert (督办答复).
     *
     * @param explanation        情况说明: why the project is behind or late
     * @param measures           整改措施: what the unit does about it
     * @param expectedCompletion when the unit expects the matter put right (a date in Asia/Shanghai)
     * @param answeredBy         who answered (the token's subject)
     */
    public record Answer(String explanation, String measures, LocalDate expectedCompletion, String answeredBy,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = MICROS, timezone = "UTC") Instant answeredAt) {
    }

    /** Reads a JSON value of any shape as its JSON text, the counterpart of {@link JsonRawValue}. */
    public static final class JsonText extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return parser.readValueAsTree().toString();
        }
    }
}
