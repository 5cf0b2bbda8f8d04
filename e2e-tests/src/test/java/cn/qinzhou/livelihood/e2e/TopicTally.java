package cn.qinzhou.livelihood.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything published on one topic, read from the beginning by an outside consumer that stays subscribed,
 * so a fault test can wait for tens of thousands of events without re-reading the topic each time.
 */
final class TopicTally implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> envelopes = new ArrayList<>();

    TopicTally(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, "read_committed");
    }

    /** @param isolationLevel read_uncommitted only to show what a reader ignoring the contract would see */
    TopicTally(String bootstrapServers, String topic, String isolationLevel) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "fault-tally-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // read_committed, as event-contracts' README says every reader must: aborted relay transactions
                // are not events.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(topic));
    }

    /** Reads what has arrived since the last call (polling for about the given time) and returns all so far. */
    List<JsonNode> poll(Duration forAbout) {
        long until = System.nanoTime() + forAbout.toNanos();
        do {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    envelopes.add(JSON.readTree(record.value()));
                } catch (Exception e) {
                    envelopes.add(JSON.getNodeFactory().textNode(record.value()));
                }
            }
        } while (System.nanoTime() < until);
        return envelopes;
    }

    /** Records read so far whose event id an earlier record already had: what a reader would see twice. */
    int duplicatedEventIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        int duplicated = 0;
        for (JsonNode envelope : envelopes) {
            if (!ids.add(envelope.path("eventId").asText())) {
                duplicated++;
            }
        }
        return duplicated;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
