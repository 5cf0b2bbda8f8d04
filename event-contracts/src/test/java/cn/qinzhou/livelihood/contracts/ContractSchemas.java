package cn.qinzhou.livelihood.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The schemas as the tests of this module read them, and the records written as the services write them. */
final class ContractSchemas {

    /**
     * The services' mapper as far as events are concerned: Quarkus' defaults (java.time as ISO strings) and platform's
     * JsonStrictness (BigDecimal plain and exact).
     */
    static final ObjectMapper SERVICES_MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** What a consumer sees: plain JSON, no settings of ours. */
    static final ObjectMapper CONSUMER_MAPPER = new ObjectMapper();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventSchemaFiles.BASE_URI,
                    "classpath:" + EventSchemaFiles.CLASSPATH_FOLDER)));
    // Draft 2020-12 only annotates formats unless told to assert them; a date-time must be one.
    private static final SchemaValidatorsConfig ASSERTING_FORMATS = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    static JsonSchema schemaOf(String topic, String type) {
        return FACTORY.getSchema(SchemaLocation.of(EventSchemaFiles.uriOf(topic, type)), ASSERTING_FORMATS);
    }

    static List<String> violations(String topic, String type, JsonNode envelope) {
        return schemaOf(topic, type).validate(envelope).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** A schema file (or any resource of this module) as JSON. */
    static JsonNode resource(String name) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no resource " + name);
            }
            return CONSUMER_MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContractSchemas() {
    }
}
