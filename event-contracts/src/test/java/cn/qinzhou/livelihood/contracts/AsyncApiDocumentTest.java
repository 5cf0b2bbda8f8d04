package cn.qinzhou.livelihood.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncApiDocumentTest {

    private static final String DOCUMENT = "asyncapi.yaml";

    @Test
    void theDocumentIsAsyncApiThreeAndNamesEveryEventTopic() throws IOException {
        JsonNode document = read();

        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsAll(Topics.EVENT_TOPICS);
        assertThat(addresses).contains(Topics.deadLetterOf(Topics.PROJECT_EVENTS, "{group}"), Topics.deadLetterOf(Topics.PROGRESS_EVENTS, "{group}"));
    }

    @Test
    void everyReferenceOfTheDocumentLeadsToAnExistingSchemaFileOrPart() throws IOException {
        JsonNode document = read();
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty().allSatisfy(reference -> {
            if (reference.startsWith("#")) {
                assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
            } else {
                assertThat(getClass().getClassLoader().getResource(reference)).as(reference).isNotNull();
            }
        });
    }

    @Test
    void eachTopicChannelCarriesAMessageForEveryEventTypeWithItsOwnSchema() throws IOException {
        JsonNode document = read();
        Map<String, List<String>> typesByTopic = Topics.EVENT_TOPICS.stream()
                .collect(java.util.stream.Collectors.toMap(topic -> topic, AsyncApiDocumentTest::typesOf));

        document.path("channels").forEach(channel -> {
            List<String> types = typesByTopic.get(channel.path("address").asText());
            if (types == null) {
                return;
            }
            TreeSet<String> messages = new TreeSet<>();
            channel.path("messages").fieldNames().forEachRemaining(messages::add);
            assertThat(messages).as(channel.path("address").asText()).containsExactlyInAnyOrderElementsOf(types);
            for (String type : types) {
                JsonNode message = document.at(channel.path("messages").path(type).path("$ref").asText().substring(1));
                assertThat(message.at("/payload/schema/$ref").asText())
                        .isEqualTo(EventSchemaFiles.resourceOf(channel.path("address").asText(), type));
            }
        });
    }

    private static List<String> typesOf(String topic) {
        return SampleEvents.all().stream().filter(sample -> sample.topic().equals(topic)).map(SampleEvents.Sample::type).toList();
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.has("$ref")) {
            references.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    private static JsonNode read() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT).isNotNull();
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }
}
