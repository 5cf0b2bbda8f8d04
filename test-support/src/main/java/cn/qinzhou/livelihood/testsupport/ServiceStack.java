package cn.qinzhou.livelihood.testsupport;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The three packaged services (their fast-jars, each in its own JVM in prod mode), a real Kafka broker and
 * one fresh database per service on the machine's PostgreSQL, on free ports: the system as
 * deploy/local/run.sh runs it, for programs outside the services' own tests (the benchmarks). Every service
 * verifies tokens minted by {@link Tokens#forRole}. Settings beyond the defaults go in as environment
 * variables ({@link #env}), exactly as an operator would pass them.
 */
public final class ServiceStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("project-service", "progress-service", "notification-service");

    private final Path root;
    private final Path logs;
    private final String databasePrefix;
    private final LocalKafkaBroker broker = new LocalKafkaBroker();
    private final Map<String, LocalPostgres> databases = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-Dfile.encoding=UTF-8"));

    /**
     * @param root           the repository root (where each service's target/quarkus-app lives)
     * @param logs           where each service's console output goes ({@code <service>.log})
     * @param databasePrefix prefix of the throw-away databases, e.g. {@code bench}
     */
    public ServiceStack(Path root, Path logs, String databasePrefix) {
        this.root = root.toAbsolutePath();
        this.logs = logs.toAbsolutePath();
        this.databasePrefix = databasePrefix;
    }

    /** An environment variable for every service (e.g. {@code LIVELIHOOD_CLOCK_START_AT}). */
    public ServiceStack env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Replaces the JVM options of every service (default: run.sh's {@code -Xmx512m}). */
    public ServiceStack jvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    /** Starts the broker, creates the databases, launches the services together and waits until each is ready. */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.start();
        for (String service : SERVICES) {
            LocalPostgres database = new LocalPostgres();
            database.createDatabase(databasePrefix + "_" + service.replace("-service", ""));
            databases.put(service, database);
            ports.put(service, LocalKafkaBroker.freePort());
        }
        Map<String, Long> launchedAt = new LinkedHashMap<>();
        for (String service : SERVICES) {
            launchedAt.put(service, System.nanoTime());
            processes.put(service, launch(service));
        }
        for (String service : SERVICES) {
            awaitReady(service, timeout);
            startTimes.put(service, Duration.ofNanos(System.nanoTime() - launchedAt.get(service)));
        }
    }

    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public LocalPostgres database(String service) {
        return databases.get(service);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The operating-system process id of the service's JVM (for /proc figures). */
    public long pid(String service) {
        return processes.get(service).pid();
    }

    /** From launching the JVM until its readiness check first answered 200 (all three start side by side). */
    public Duration startTime(String service) {
        return startTimes.get(service);
    }

    public Path log(String service) {
        return logs.resolve(service + ".log");
    }

    private Process launch(String service) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(service).toFile());
        LocalPostgres database = databases.get(service);
        Map<String, String> environment = builder.environment();
        environment.put("DB_URL", database.jdbcUrl());
        environment.put("DB_USER", database.user());
        environment.put("DB_PASSWORD", database.password());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        environment.put("JWT_PUBLIC_KEY_LOCATION", Tokens.testPublicKeyFile().toUri().toString());
        environment.put("JWT_ISSUER", Tokens.ISSUER);
        environment.putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String service, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI ready = URI.create(url(service) + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!processes.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited; see " + log(service));
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(service + " not ready after " + timeout + "; see " + log(service));
    }

    /** Stops the services, the broker, and drops the databases. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
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
}
