package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import cn.qinzhou.livelihood.testsupport.LocalPostgres;
import cn.qinzhou.livelihood.testsupport.PrivatePostgresCluster;
import cn.qinzhou.livelihood.testsupport.Tokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as deploy/local/run.sh starts it: a real broker, one fresh database per service on the
 * machine's PostgreSQL, and each service's packaged fast-jar in its own JVM, in prod mode, on free ports.
 * Differences from run.sh: throw-away databases and broker, the test key pair, the clock endpoint on and a
 * quick deadline sweep, so the test can move time across a reporting deadline. The fault suite puts the
 * databases on a private PostgreSQL cluster (so it can stop it), stops the broker and kills services.
 */
final class LocalStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("project-service", "progress-service", "notification-service");

    private final Path root = Paths.get(System.getProperty("livelihood.repository.root", "..")).toAbsolutePath();
    private final LocalKafkaBroker broker = new LocalKafkaBroker();
    private final Map<String, LocalPostgres> databases = new LinkedHashMap<>();
    private final Map<String, String> privateDatabases = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Path logs;
    private final String startAt;
    private final PrivatePostgresCluster cluster;

    /** @param startAt where every service's clock starts, ISO-8601 with offset */
    LocalStack(String startAt) {
        this(startAt, null);
    }

    /** @param cluster a started private cluster to hold the services' databases, or null for the machine's */
    LocalStack(String startAt, PrivatePostgresCluster cluster) {
        this.startAt = startAt;
        this.cluster = cluster;
        try {
            logs = Files.createDirectories(root.resolve("e2e-tests/target/stack-logs" + (cluster != null ? "/fault" : "")));
            for (String service : SERVICES) {
                Files.deleteIfExists(logs.resolve(service + ".log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        startBroker();
        for (String service : SERVICES) {
            String prefix = "e2e_" + service.replace("-service", "");
            if (cluster != null) {
                cluster.createDatabase(prefix);
                privateDatabases.put(service, prefix);
            } else {
                LocalPostgres database = new LocalPostgres();
                database.createDatabase(prefix);
                databases.put(service, database);
            }
            ports.put(service, LocalKafkaBroker.freePort());
        }
        for (String service : SERVICES) {
            processes.put(service, launch(service));
        }
        for (String service : SERVICES) {
            awaitHealthy(service, Duration.ofSeconds(300));
        }
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The stack's broker, to take it away and bring it back. */
    LocalKafkaBroker broker() {
        return broker;
    }

    /**
     * Starts (or restarts) the broker with more patience than its own 90 s: on a loaded 2-core machine a cold
     * broker can take longer, and a second start() returns at once while the slow first process still runs.
     */
    void startBroker() {
        IllegalStateException last = new IllegalStateException("kafka broker not ready");
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                broker.start();
                if (brokerAnswers(Duration.ofSeconds(90))) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private boolean brokerAnswers(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception notYet) {
                sleep(500);
            }
        }
        return false;
    }

    /** SIGKILL: no shutdown hook runs, in-flight requests and uncommitted work are lost as in a crash. */
    void kill(String service) {
        Process process = processes.get(service);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed service again on the same port and database, and waits until it is ready. */
    void restart(String service) {
        processes.put(service, launch(service));
        awaitHealthy(service, Duration.ofSeconds(300));
    }

    private Process launch(String service) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8", "-jar", jar.toString())
                .redirectErrorStream(true)
                // appended, so a restarted service's log follows the one it had before the kill
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        Map<String, String> env = builder.environment();
        if (cluster != null) {
            env.put("DB_URL", cluster.jdbcUrl(privateDatabases.get(service)));
            env.put("DB_USER", PrivatePostgresCluster.USER);
            env.put("DB_PASSWORD", PrivatePostgresCluster.PASSWORD);
        } else {
            LocalPostgres database = databases.get(service);
            env.put("DB_URL", database.jdbcUrl());
            env.put("DB_USER", database.user());
            env.put("DB_PASSWORD", database.password());
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        env.put("JWT_PUBLIC_KEY_LOCATION", Tokens.testPublicKeyFile().toUri().toString());
        env.put("JWT_ISSUER", Tokens.ISSUER);
        env.put("LIVELIHOOD_CLOCK_ADJUSTABLE", "true");
        env.put("LIVELIHOOD_CLOCK_START_AT", startAt);
        env.put("LIVELIHOOD_ALERTS_SWEEP_EVERY", "1s");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(String service, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(service + " not healthy after " + timeout + "; see " + logs.resolve(service + ".log"));
    }

    @Override
    public void close() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.destroy();
        databases.values().forEach(LocalPostgres::dropDatabase);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
