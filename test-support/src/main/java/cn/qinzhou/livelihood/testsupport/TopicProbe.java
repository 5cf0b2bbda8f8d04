package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads a real topic from the beginning, as an outside consumer would, to assert what was published. Every record read
 * off a {@code livelihood.*.events} topic must keep its contract ({@link EventSchemas}), or the test fails.
 */
public final class TopicProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record as it appeared on the topic, value parsed as JSON. */
    public record Seen(String key, JsonNode value, Map<String, String> headers) {
    }

    /** Waits until records matching the predicate have appeared, and returns all records that match. */
    public static List<Seen> await(String topic, Predicate<Seen> matching, int atLeast, Duration timeout) {
        return await(RealInfrastructure.broker().bootstrapServers(), topic, matching, atLeast, timeout);
    }

    /** As above, on a broker of the caller's (the end-to-end stack's). */
    public static List<Seen> await(String bootstrapServers, String topic, Predicate<Seen> matching, int atLeast,
                                   Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // As event-contracts' README says every reader must: aborted relay transactions are not events.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<Seen> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline)) {
                read(consumer.poll(Duration.ofMillis(300)), matching, found);
                if (found.size() >= atLeast) {
                    // Drain what is already there, so callers can also assert "exactly n".
                    read(consumer.poll(Duration.ofMillis(500)), matching, found);
                    return found;
                }
            }
        }
        throw new AssertionError("expected at least " + atLeast + " matching record(s) on " + topic
                + " within " + timeout + ", saw " + found.size());
    }

    /**
     * Publishes a raw value, e.g. a poison message, unchecked. A test that sends poison to an event topic must not
     * {@link #await} that topic: the probe would refuse the poison it reads back.
     */
    public static void send(String topic, String key, String value) {
        send(topic, key, value, Map.of());
    }

    /** As above, with record headers (e.g. a W3C {@code traceparent} as an upstream producer would set it). */
    public static void send(String topic, String key, String value, Map<String, String> headers) {
        send(RealInfrastructure.broker().bootstrapServers(), topic, key, value, headers);
    }

    /** As above, on a broker of the caller's (the end-to-end stack's). */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        send(bootstrapServers, topic, key, value, Map.of());
    }

    private static void send(String bootstrapServers, String topic, String key, String value, Map<String, String> headers) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", bootstrapServers,
                "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
            var record = new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes raw values under one key in one producer batch, so a consumer reads them in the same poll (e.g. a
     * good event followed by one that fails).
     */
    public static void sendTogether(String topic, String key, List<String> values) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", RealInfrastructure.broker().bootstrapServers(),
                "acks", "all",
                "linger.ms", 1000,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (String value : values) {
                acks.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value)));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(Iterable<ConsumerRecord<String, String>> records, Predicate<Seen> matching, List<Seen> found) {
        for (ConsumerRecord<String, String> record : records) {
            Seen seen = new Seen(record.key(), parse(record.value()), headers(record));
            if (EventSchemas.describes(record.topic())) {
                assertAsDocumented(record.topic(), record.value(), seen);
            }
            if (matching.test(seen)) {
                found.add(seen);
            }
        }
    }

    /**
     * Every event a test reads, whether it matches or not, is checked against its contract (event-contracts' README
     * and schemas): its schema, its key and its headers.
     */
    private static void assertAsDocumented(String topic, String value, Seen seen) {
        EventSchemas.assertValid(topic, value);
        JsonNode envelope = seen.value();
        List<String> violations = new ArrayList<>();
        if (!envelope.path("aggregateId").asText().equals(seen.key())) {
            violations.add("key " + seen.key() + " is not the aggregateId");
        }
        if (!envelope.path("type").asText().equals(seen.headers().get("event-type"))) {
            violations.add("header event-type " + seen.headers().get("event-type") + " is not the type");
        }
        if (!envelope.path("eventId").asText().equals(seen.headers().get("event-id"))) {
            violations.add("header event-id " + seen.headers().get("event-id") + " is not the eventId");
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("an event on " + topic + " breaks its contract " + violations + ": " + envelope);
        }
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new java.util.HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        return headers;
    }

    private TopicProbe() {
    }
}
