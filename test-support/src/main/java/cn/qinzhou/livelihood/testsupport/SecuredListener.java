package cn.qinzhou.livelihood.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The production listener of the Kubernetes deployment (Strimzi's TLS listener with SCRAM-SHA-512) on a
 * {@link LocalKafkaBroker}: TLS with a self-signed certificate for 127.0.0.1 made by the JDK's keytool, SASL
 * SCRAM-SHA-512 on the same listener (brokers talk to each other through it too), and SCRAM users created in the
 * storage format, as the broker's own metadata would hold them after {@code kafka-configs --alter --add-config}.
 */
public final class SecuredListener {

    /** The broker's own user: it authenticates to itself on the secured listener (inter-broker traffic). */
    private static final String BROKER_USER = "broker";
    private static final String MECHANISM = "SCRAM-SHA-512";

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final Map<String, String> users;

    private SecuredListener(Path keystore, Path truststore, String storePassword, Map<String, String> users) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.users = users;
    }

    /**
     * Makes a key pair and a trust store in {@code directory} and a listener that will accept the given users
     * (name to password; names and passwords of letters, digits and dashes).
     */
    public static SecuredListener create(Path directory, Map<String, String> users) {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(BROKER_USER, secret());
        String storePassword = secret();
        Path keystore = directory.resolve("broker.p12");
        Path certificate = directory.resolve("broker.crt");
        Path truststore = directory.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", storePassword);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", storePassword);
        keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", storePassword);
        return new SecuredListener(keystore, truststore, storePassword, Map.copyOf(all));
    }

    /** What replaces the template's PLAINTEXT client listener; the controller listener stays on loopback in clear. */
    Map<String, String> serverProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", "SASL_SSL://127.0.0.1:${BROKER_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}");
        props.put("advertised.listeners", "SASL_SSL://127.0.0.1:${BROKER_PORT}");
        props.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "SASL_SSL");
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(BROKER_USER, users.get(BROKER_USER)));
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    /** The SCRAM credentials written into the cluster metadata when the storage is formatted. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        users.forEach((name, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
        return args;
    }

    /** How the broker's readiness probe connects: as the broker's own user. */
    Map<String, Object> adminClientSettings() {
        return Map.copyOf(clientSettings(BROKER_USER, users.get(BROKER_USER)));
    }

    /**
     * A client's security settings for the given user and password, by their Kafka names (without {@code kafka.}):
     * SASL_SSL, SCRAM-SHA-512, its JAAS line and the trust store holding the broker's certificate.
     */
    public Map<String, String> clientSettings(String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaas(user, password));
        settings.put("ssl.truststore.location", truststore.toString());
        settings.put("ssl.truststore.password", storePassword);
        settings.put("ssl.truststore.type", "PKCS12");
        return settings;
    }

    /** The JAAS line Strimzi puts in a KafkaUser's Secret under {@code sasl.jaas.config}. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String secret() {
        return UUID.randomUUID().toString();
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
