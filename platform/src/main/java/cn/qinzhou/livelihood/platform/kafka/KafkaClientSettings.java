package cn.qinzhou.livelihood.platform.kafka;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where every Kafka client of a service starts: the broker's address and how to reach it securely. Each producer,
 * consumer and admin client adds its own settings to {@link #properties()}, so TLS and SASL are switched on for all of
 * them by configuration alone, never by code.
 *
 * <p>Read from the same {@code kafka.*} names Quarkus' own Kafka client (its health check) reads, so one setting serves
 * both; MicroProfile Config maps the environment's {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_LOCATION} etc. onto them. Anything not set stays at Kafka's default (PLAINTEXT), which is
 * what the local stack and the tests use.
 *
 * <p>Also this instance's name among its service's replicas ({@link #instanceName()}), for the identities the broker
 * keeps across a restart.
 */
@Singleton
public class KafkaClientSettings {

    /** The security settings taken from configuration, each optional: the Kafka client name after {@code kafka.}. */
    static final String[] SECURITY_KEYS = {
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
    };

    private final Map<String, String> common;
    private final String instanceName;

    @Inject
    public KafkaClientSettings(Config config) {
        this.common = Map.copyOf(read(config));
        this.instanceName = instanceName(config);
    }

    /** For code outside CDI (tests, tools) holding a Config of its own. */
    public static KafkaClientSettings from(Config config) {
        return new KafkaClientSettings(config);
    }

    private static Map<String, String> read(Config config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        for (String key : SECURITY_KEYS) {
            // A blank value (an unset env var interpolated into a property) means "not set", not "set to empty".
            config.getOptionalValue("kafka." + key, String.class)
                    .filter(value -> !value.isBlank())
                    .ifPresent(value -> values.put(key, value));
        }
        return values;
    }

    /**
     * This instance's name, the same again when the process is restarted after a crash and shared by no other running
     * instance: {@code livelihood.kafka.instance-name}, by default the pod's or host's name and the HTTP port (pods have
     * names of their own, two instances on one host listen on different ports). The broker keys what it keeps for a
     * client across a restart by it: the outbox relay's {@code transactional.id}, so a restarted relay fences its
     * predecessor and aborts the transaction it left open at once, and the consumers' {@code group.instance.id}, so a
     * restarted instance takes its partitions back at once instead of after the dead member's session.
     */
    public String instanceName() {
        return instanceName;
    }

    private static String instanceName(Config config) {
        String name = config.getOptionalValue("livelihood.kafka.instance-name", String.class)
                .filter(value -> !value.isBlank())
                .orElseGet(() -> hostName() + "-" + config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
        // Group instance ids take ASCII letters, digits, '.', '_' and '-' only.
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A fresh copy of the common settings, for one client to add its own to. */
    public Properties properties() {
        Properties props = new Properties();
        props.putAll(common);
        return props;
    }

    /**
     * A consumer's settings for reading topics by assignment, outside any consumer group, as the contract says
     * every reader must: committed records only. Nothing is committed back; the reader keeps its own position.
     */
    public Properties readerOutsideAGroup() {
        Properties props = properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    /** The same as a map, for APIs that take one (Admin). */
    public Map<String, Object> map() {
        return new LinkedHashMap<>(common);
    }
}
