package cn.qinzhou.livelihood.platform.kafka;

import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import cn.qinzhou.livelihood.testsupport.SecuredListener;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production listener (TLS with SCRAM-SHA-512, as Strimzi's KafkaUser and cluster CA give it to the pods) on a
 * real broker, and clients built from {@link KafkaClientSettings} configured only through environment variables named
 * as the Kubernetes Deployments name them: such a client sends and reads; one without credentials, or with a wrong
 * password, gets nothing through.
 */
class SecuredBrokerTest {

    private static final String USER = "progress-service";
    private static final String PASSWORD = "scram-password-of-the-test";
    private static final String TOPIC = "livelihood.secured-listener.check";

    @TempDir
    static Path stores;
    private static SecuredListener listener;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startSecuredBroker() {
        listener = SecuredListener.create(stores, Map.of(USER, PASSWORD));
        broker = new LocalKafkaBroker(listener);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aClientConfiguredFromTheEnvironmentSendsAndReadsOverTlsWithScram() throws Exception {
        KafkaClientSettings settings = fromEnvironment(listener.clientSettings(USER, PASSWORD));
        assertThat(settings.properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

        try (Admin admin = Admin.create(withTimeouts(settings.map()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producerProps = settings.properties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(TOPIC, "P0402", "已全部完工")).get(30, TimeUnit.SECONDS);
        }

        Properties consumerProps = settings.properties();
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Instant deadline = Instant.now().plusSeconds(30);
            ConsumerRecord<String, String> read = null;
            while (read == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read = record;
                }
            }
            assertThat(read).as("the record sent through the secured listener, read back").isNotNull();
            assertThat(read.key()).isEqualTo("P0402");
            assertThat(read.value()).isEqualTo("已全部完工");
        }
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        KafkaClientSettings settings = fromEnvironment(listener.clientSettings(USER, "not-the-password"));
        try (Admin admin = Admin.create(withTimeouts(settings.map()))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothingThrough() {
        // Nothing but the address: the default, plaintext, as the local stack runs.
        KafkaClientSettings settings = fromEnvironment(Map.of());
        assertThat(settings.properties()).containsOnlyKeys("bootstrap.servers");
        try (Admin admin = Admin.create(withTimeouts(settings.map()))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    /** The settings as a pod gets them: KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG... */
    private static KafkaClientSettings fromEnvironment(Map<String, String> kafkaSettings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        kafkaSettings.forEach((key, value) -> environment.put(
                "KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return KafkaClientSettings.from(new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, EnvConfigSource.ORDINAL)).build());
    }

    private static Map<String, Object> withTimeouts(Map<String, Object> config) {
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }
}
