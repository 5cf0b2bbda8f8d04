package cn.qinzhou.livelihood.testsupport;

import cn.qinzhou.livelihood.contracts.EventSchemaFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks events as published against their JSON Schemas in event-contracts ({@code schemas/<topic>/<type>.schema.json}).
 * {@link TopicProbe} checks every record it reads off a {@code livelihood.*.events} topic with it.
 */
public final class EventSchemas {

    /** The event topics; not their dead-letter topics, whose records are whatever a consumer could not read. */
    private static final Pattern EVENT_TOPIC = Pattern.compile("livelihood\\.[a-z]+\\.events");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventSchemaFiles.BASE_URI,
                    "classpath:" + EventSchemaFiles.CLASSPATH_FOLDER)));
    // Draft 2020-12 only annotates formats unless told to assert them; an instant must be a date-time.
    private static final SchemaValidatorsConfig ASSERTING_FORMATS = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    /** Whether records of the topic are event envelopes with a schema. */
    public static boolean describes(String topic) {
        return EVENT_TOPIC.matcher(topic).matches();
    }

    /** Fails unless the envelope is valid JSON and valid against the schema of its type on the topic. */
    public static void assertValid(String topic, String envelopeJson) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(envelopeJson);
        } catch (Exception e) {
            throw new AssertionError("not JSON on " + topic + ": " + envelopeJson, e);
        }
        List<String> violations = violations(topic, envelope);
        if (!violations.isEmpty()) {
            throw new AssertionError("an event on " + topic + " breaks its contract " + violations + ": " + envelopeJson);
        }
    }

    /** What in the envelope breaks its contract; empty when nothing does. */
    public static List<String> violations(String topic, JsonNode envelope) {
        String type = envelope.path("type").asText("");
        if (!type.matches("[A-Za-z]+")) {
            return List.of("the envelope has no type");
        }
        String resource = EventSchemaFiles.resourceOf(topic, type);
        if (EventSchemas.class.getClassLoader().getResource(resource) == null) {
            return List.of("no schema for " + type + " on " + topic + " (" + resource + ")");
        }
        JsonSchema schema = LOADED.computeIfAbsent(resource,
                any -> FACTORY.getSchema(SchemaLocation.of(EventSchemaFiles.uriOf(topic, type)), ASSERTING_FORMATS));
        return schema.validate(envelope).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private EventSchemas() {
    }
}
