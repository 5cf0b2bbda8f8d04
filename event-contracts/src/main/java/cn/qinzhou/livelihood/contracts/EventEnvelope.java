package cn.qinzhou.livelihood.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The one JSON shape of every message on every {@code livelihood.*} topic. The payload is embedded as
 * JSON (never as a JSON string inside JSON), so a consumer reads it with one parse.
 *
 * @param eventId       unique per event; consumers use it to drop duplicates and replays
 * @param type          past-tense event name, e.g. {@code ProjectRegistered}
 * @param schemaVersion bumped only for incompatible payload changes; additions keep the version
 * @param occurredAt    when the state change was committed (UTC)
 * @param aggregateId   the project id (or lead unit id for unit-level events); also the record key
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, Instant occurredAt,
                            String aggregateId, JsonNode payload) {

    /**
     * Reads the payload as one of this module's records. Unknown fields are ignored here (unlike in HTTP
     * requests) because producers may add optional fields without bumping the schema version.
     *
     * @throws MalformedEventException when the payload does not have the record's shape
     */
    public <T> T payloadAs(ObjectMapper mapper, Class<T> type) {
        return readPart(mapper, payload, type);
    }

    /** Reads a part of a payload as a record, with the same tolerance. */
    public static <T> T readPart(ObjectMapper mapper, JsonNode json, Class<T> type) {
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
        } catch (IOException e) {
            throw new MalformedEventException(type.getSimpleName() + " is malformed: " + e.getMessage(), e);
        }
    }
}
